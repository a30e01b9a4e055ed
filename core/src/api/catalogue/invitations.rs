//! Invitations: links owners and admins send, previewed and accepted by the invited person.

use super::{encode_segment, endpoint};
use crate::api::{
    CreateInvitationRequest, CreatedInvitation, Invitation, InvitationPreview, Workspace,
};
use crate::{InvitationId, WorkspaceId};

endpoint! {
    /// The workspace's pending invitations (owners and admins).
    List {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Get "/api/workspaces/{id}/invitations", User, () => 200 Vec<Invitation>,
    errors ["unauthenticated", "not_found", "requires_admin"],
    path |e| format!("/api/workspaces/{}/invitations", e.workspace),
}

endpoint! {
    /// Invites an email; the answer is the only time the link's token is shown.
    Create {
        /// The workspace.
        pub workspace: WorkspaceId,
    }
    Post "/api/workspaces/{id}/invitations", User, CreateInvitationRequest => 201 CreatedInvitation,
    errors ["unauthenticated", "csrf_failed", "invalid_input", "nul_byte",
        "unsupported_media_type", "not_found", "requires_admin",
        "invitation_cannot_grant_owner", "already_member"],
    path |e| format!("/api/workspaces/{}/invitations", e.workspace),
}

endpoint! {
    /// Revokes a pending invitation.
    Revoke {
        /// The workspace.
        pub workspace: WorkspaceId,
        /// The invitation.
        pub id: InvitationId,
    }
    Delete "/api/workspaces/{id}/invitations/{invitation_id}", User, () => 204 (),
    errors ["unauthenticated", "csrf_failed", "not_found", "requires_admin"],
    path |e| format!("/api/workspaces/{}/invitations/{}", e.workspace, e.id),
}

endpoint! {
    /// What an invitation link offers; needs no sign-in.
    Preview {
        /// The secret from the link.
        pub token: String,
    }
    Get "/api/invitations/{token}", Public, () => 200 InvitationPreview,
    errors ["invitation_invalid", "rate_limited"],
    path |e| format!("/api/invitations/{}", encode_segment(&e.token)),
}

endpoint! {
    /// Accepts an invitation as the signed-in person it was sent to.
    Accept {
        /// The secret from the link.
        pub token: String,
    }
    Post "/api/invitations/{token}/accept", User, () => 200 Workspace,
    errors ["unauthenticated", "csrf_failed", "invitation_invalid", "email_mismatch",
        "already_member", "rate_limited"],
    path |e| format!("/api/invitations/{}/accept", encode_segment(&e.token)),
}
