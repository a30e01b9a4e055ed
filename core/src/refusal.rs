//! One vocabulary for every "no" a `core` rule gives: the workspace role rules ([`Denial`]),
//! the runtime rules ([`RuntimeDenial`]) and the agent gates ([`AccessReason`]) all become a
//! [`Refusal`], which knows the stable code and English message an API client receives and
//! which status family it belongs to. The server has one error arm for it; the UI translates
//! the same codes, so a refusal reads the same before the click and after it.

use crate::agents::AccessReason;
use crate::roles::Denial;
use crate::runtimes::RuntimeDenial;
use crate::work::CancelDenial;

/// How a refusal maps onto the API's status codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RefusalKind {
    /// 403: the caller lacks the right.
    Forbidden,
    /// 409: the workspace's state forbids it now.
    Conflict,
    /// 400: the request asks for something that can never be granted.
    Invalid,
    /// 404: the caller may not even learn that the thing exists.
    Hidden,
}

/// A `core` rule's refusal, whichever area it comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Refusal {
    /// A workspace role rule (members, invitations, teams, settings).
    Role(Denial),
    /// A runtime or runtime-profile rule.
    Runtime(RuntimeDenial),
    /// An agent gate (view, manage, change access, invoke); only its denied reasons refuse.
    Agent(AccessReason),
    /// The invoke gate refusing a request for work (an assignment, a mention, a chat message,
    /// a quick-create, an autopilot run): spec §4.6's one generic answer, whatever the reason.
    Invoke(AccessReason),
    /// The rule for stopping a run.
    Cancel(CancelDenial),
    /// A member who neither created an autopilot nor administers the workspace tried to
    /// change it ([`crate::work::can_edit_autopilot`]).
    NotAutopilotEditor,
}

/// The code of every refused request for work (spec §4.6).
pub const INVOCATION_NOT_ALLOWED: &str = "invocation_not_allowed";

/// The code of a refusal that must not reveal what exists.
pub const NOT_FOUND: &str = "not_found";

impl Refusal {
    /// The stable machine code an API error body carries in `code`.
    ///
    /// Agent refusals are coarsened: a caller who may not see an agent's settings must not
    /// learn its mode or targets from the code (spec §8.8), so every "you may not run it" is
    /// `agent_no_access`; the precise reason is given only by the permissions and explain
    /// answers, to callers who may already see them.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Role(denial) => denial.code(),
            Refusal::Runtime(denial) => denial.code(),
            Refusal::Agent(reason) => match reason {
                AccessReason::DeniedNotMember | AccessReason::DeniedNoEffectiveUser => NOT_FOUND,
                AccessReason::DeniedNotManager => "not_agent_manager",
                AccessReason::DeniedNotAgentOwner => "not_agent_owner",
                AccessReason::DeniedNotAppsOwner => "not_apps_owner",
                _ => "agent_no_access",
            },
            Refusal::Invoke(_) => INVOCATION_NOT_ALLOWED,
            Refusal::Cancel(denial) => denial.code(),
            Refusal::NotAutopilotEditor => "not_autopilot_editor",
        }
    }

    /// An English explanation for API clients; the UI translates by [`Refusal::code`].
    pub fn message(self) -> &'static str {
        match self {
            Refusal::Role(denial) => denial.message(),
            Refusal::Runtime(denial) => denial.message(),
            Refusal::Agent(_) if self.kind() == RefusalKind::Hidden => "not found",
            Refusal::Agent(reason) => reason.public_message(),
            Refusal::Invoke(_) => "You don't have permission to ask this agent for work.",
            Refusal::Cancel(denial) => denial.message(),
            Refusal::NotAutopilotEditor => {
                "Only the autopilot's creator or a workspace owner or admin may change it."
            }
        }
    }

    /// Which status family the refusal belongs to.
    pub fn kind(self) -> RefusalKind {
        match self {
            Refusal::Role(denial) => denial.kind(),
            Refusal::Runtime(denial) => denial.kind(),
            Refusal::Agent(AccessReason::DeniedNotMember | AccessReason::DeniedNoEffectiveUser) => {
                RefusalKind::Hidden
            }
            Refusal::Agent(_)
            | Refusal::Invoke(_)
            | Refusal::Cancel(_)
            | Refusal::NotAutopilotEditor => RefusalKind::Forbidden,
        }
    }
}

impl From<Denial> for Refusal {
    fn from(denial: Denial) -> Self {
        Refusal::Role(denial)
    }
}

impl From<RuntimeDenial> for Refusal {
    fn from(denial: RuntimeDenial) -> Self {
        Refusal::Runtime(denial)
    }
}

impl From<AccessReason> for Refusal {
    fn from(reason: AccessReason) -> Self {
        Refusal::Agent(reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refused_request_for_work_gives_one_generic_answer() {
        for reason in [
            AccessReason::DeniedPrivate,
            AccessReason::DeniedNotTargeted,
            AccessReason::DeniedNoEffectiveUser,
            AccessReason::DeniedNotMember,
        ] {
            let refusal = Refusal::Invoke(reason);
            assert_eq!(refusal.code(), INVOCATION_NOT_ALLOWED);
            assert_eq!(refusal.kind(), RefusalKind::Forbidden);
            assert_eq!(
                refusal.message(),
                "You don't have permission to ask this agent for work."
            );
        }
    }

    #[test]
    fn agent_refusals_never_reveal_the_mode_or_targets_in_their_code() {
        for reason in [AccessReason::DeniedPrivate, AccessReason::DeniedNotTargeted] {
            let refusal = Refusal::from(reason);
            assert_eq!(refusal.code(), "agent_no_access");
            assert_eq!(refusal.kind(), RefusalKind::Forbidden);
            assert!(!refusal.message().contains("private"));
        }
    }

    #[test]
    fn an_agent_refusal_for_a_non_member_is_hidden_as_not_found() {
        for reason in [
            AccessReason::DeniedNotMember,
            AccessReason::DeniedNoEffectiveUser,
        ] {
            let refusal = Refusal::from(reason);
            assert_eq!(refusal.kind(), RefusalKind::Hidden);
            assert_eq!(refusal.code(), NOT_FOUND);
            assert_eq!(refusal.message(), "not found");
        }
    }

    #[test]
    fn role_and_runtime_refusals_keep_their_own_codes_and_kinds() {
        assert_eq!(
            Refusal::from(Denial::LastOwner).kind(),
            RefusalKind::Conflict
        );
        assert_eq!(Refusal::from(Denial::LastOwner).code(), "last_owner");
        assert_eq!(
            Refusal::from(RuntimeDenial::RuntimeWithoutOwner).kind(),
            RefusalKind::Invalid
        );
        assert_eq!(
            Refusal::from(RuntimeDenial::NotRuntimeOwner).code(),
            "not_runtime_owner"
        );
    }
}
