//! Which agents a new comment asks for work (spec G.2 path 2), as a pure function of what the
//! server knows about it. The server then asks the invoke gate for each one, with the
//! comment's author as the actor, and queues (or folds) the runs.
//!
//! The rules, in order:
//! 1. A comment whose first whitespace-delimited token is `/note` (any case) asks nobody.
//! 2. Explicit agent mentions ask each mentioned agent, once, in the order written, whoever
//!    wrote the comment (an agent may hand work to another agent this way); an agent never
//!    asks itself.
//! 3. An agent's comment asks nobody else: its own issue's run is already the one speaking.
//! 4. A member's reply to an agent's comment asks that agent; a reply to a person's comment
//!    asks nobody (people talking among themselves).
//! 5. A member's top-level comment on an issue assigned to an agent asks the assignee.
//! 6. Otherwise nobody (mentions of members only notify people, never agents).

use crate::AgentId;

/// Who wrote a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentAuthor {
    /// A person.
    Member,
    /// A running agent (by its task token).
    Agent(AgentId),
}

/// What the server knows about a new comment.
#[derive(Clone, Debug)]
pub struct CommentFacts<'a> {
    /// Its author.
    pub author: CommentAuthor,
    /// Its text.
    pub content: &'a str,
    /// The agents it mentions, as sent (duplicates allowed).
    pub mentioned_agents: &'a [AgentId],
    /// For a reply: the author of the comment replied to.
    pub replying_to: Option<CommentAuthor>,
    /// The assignee, when it is an agent.
    pub assignee_agent: Option<AgentId>,
}

/// Why an agent is asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AskReason {
    /// It is mentioned.
    Mentioned,
    /// A member replied to its comment.
    Replied,
    /// It is the assignee.
    Assignee,
}

/// Whether the comment is a note to people only (`/note …`).
pub fn is_note(content: &str) -> bool {
    content
        .split_whitespace()
        .next()
        .is_some_and(|first| first.eq_ignore_ascii_case("/note"))
}

/// The agents the comment asks for work, each once, in order, with why.
pub fn agents_asked(facts: &CommentFacts<'_>) -> Vec<(AgentId, AskReason)> {
    if is_note(facts.content) {
        return Vec::new();
    }
    let author_agent = match facts.author {
        CommentAuthor::Agent(id) => Some(id),
        CommentAuthor::Member => None,
    };
    if !facts.mentioned_agents.is_empty() {
        let mut asked: Vec<(AgentId, AskReason)> = Vec::new();
        for &agent in facts.mentioned_agents {
            if Some(agent) != author_agent && !asked.iter().any(|(a, _)| *a == agent) {
                asked.push((agent, AskReason::Mentioned));
            }
        }
        return asked;
    }
    if author_agent.is_some() {
        return Vec::new();
    }
    match facts.replying_to {
        Some(CommentAuthor::Agent(agent)) => vec![(agent, AskReason::Replied)],
        Some(CommentAuthor::Member) => Vec::new(),
        None => facts
            .assignee_agent
            .map(|agent| vec![(agent, AskReason::Assignee)])
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn agent(n: u128) -> AgentId {
        AgentId(Uuid::from_u128(n))
    }

    fn facts<'a>(
        author: CommentAuthor,
        content: &'a str,
        mentioned: &'a [AgentId],
    ) -> CommentFacts<'a> {
        CommentFacts {
            author,
            content,
            mentioned_agents: mentioned,
            replying_to: None,
            assignee_agent: Some(agent(9)),
        }
    }

    #[test]
    fn a_note_asks_nobody_whatever_it_mentions() {
        for text in ["/note @bot look", "/NOTE", "  /Note\tthis"] {
            assert!(agents_asked(&facts(CommentAuthor::Member, text, &[agent(1)])).is_empty());
        }
        assert!(!is_note("/notes are words"));
        assert!(!is_note("a /note later"));
    }

    #[test]
    fn mentioned_agents_are_asked_once_each_in_order_instead_of_the_assignee() {
        let mentioned = [agent(2), agent(1), agent(2)];
        assert_eq!(
            agents_asked(&facts(CommentAuthor::Member, "please", &mentioned)),
            [
                (agent(2), AskReason::Mentioned),
                (agent(1), AskReason::Mentioned)
            ]
        );
    }

    #[test]
    fn an_agent_asks_the_agents_it_mentions_but_never_itself_nor_the_assignee() {
        let mentioned = [agent(1), agent(3)];
        assert_eq!(
            agents_asked(&facts(
                CommentAuthor::Agent(agent(1)),
                "over to you",
                &mentioned
            )),
            [(agent(3), AskReason::Mentioned)]
        );
        assert!(agents_asked(&facts(CommentAuthor::Agent(agent(1)), "done", &[])).is_empty());
    }

    #[test]
    fn a_members_top_level_comment_asks_the_assigned_agent() {
        assert_eq!(
            agents_asked(&facts(CommentAuthor::Member, "one more thing", &[])),
            [(agent(9), AskReason::Assignee)]
        );
        let mut unassigned = facts(CommentAuthor::Member, "hello", &[]);
        unassigned.assignee_agent = None;
        assert!(agents_asked(&unassigned).is_empty());
    }

    #[test]
    fn a_reply_asks_the_agent_replied_to_and_a_reply_to_a_person_asks_nobody() {
        let mut reply = facts(CommentAuthor::Member, "why?", &[]);
        reply.replying_to = Some(CommentAuthor::Agent(agent(4)));
        assert_eq!(agents_asked(&reply), [(agent(4), AskReason::Replied)]);
        reply.replying_to = Some(CommentAuthor::Member);
        assert!(agents_asked(&reply).is_empty());
    }
}
