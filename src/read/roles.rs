//! Who is the AI assistant, and who exported the chat.
//!
//! Takes the participants (from detection) and the names given with `--assistant` / `--me`; gives the assistant
//! picked and why, and sets every participant's `role` and `me`. A chat with no known AI contact and no
//! `--assistant` has no assistant: everyone stays `user`, unless a guess is asked for (the AI formats), which a
//! two-person chat gets and a group does not (it must name its assistant, or `none`). It does not look at
//! messages.

use crate::model::{Assistant, Kind, Participant, Role};

/// Names under which AI assistants talked on WhatsApp, compared on letters and digits only, ignoring case
/// (`1-800-ChatGPT` = `1800chatgpt`), and the 1-800-ChatGPT number for chats where it was never saved as a contact.
const KNOWN_ASSISTANTS: &[&str] = &[
    "copilot",
    "microsoftcopilot",
    "chatgpt",
    "1800chatgpt",
    "openaichatgpt",
    "18002428478",
    "perplexity",
    "perplexityai",
    "metaai",
    "luzia",
    "zapia",
];

/// The names given on the command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleNames {
    /// `--assistant NAME`.
    pub assistant: Option<String>,
    /// `--me NAME`.
    pub me: Option<String>,
    /// When nobody is a known AI contact, guess who plays the assistant (the AI formats need both sides).
    pub guess: bool,
}

/// A name given with a flag that matches no participant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoSuchParticipant {
    pub flag: &'static str,
    pub name: String,
}

/// Why roles could not be assigned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoleError {
    /// A flag names nobody.
    NoSuchParticipant(NoSuchParticipant),
    /// A guess was asked for in a group with no known AI contact: which person plays the assistant cannot be
    /// guessed there.
    GroupNeedsAssistant,
}

impl From<NoSuchParticipant> for RoleError {
    fn from(e: NoSuchParticipant) -> Self {
        RoleError::NoSuchParticipant(e)
    }
}

/// `--assistant none`: nobody is the assistant, and none is guessed.
pub const NO_ASSISTANT: &str = "none";

/// Letters and digits of `name`, lower-cased: how names are compared.
fn key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The participant a name given on the command line means: the exact name, else the one name equal to it
/// ignoring case, marks, spaces and punctuation.
fn find<'p>(participants: &'p [Participant], name: &str) -> Option<&'p Participant> {
    if let Some(p) = participants.iter().find(|p| p.name == name) {
        return Some(p);
    }
    let wanted = key(name);
    let mut matches = participants.iter().filter(|p| key(&p.name) == wanted);
    match (matches.next(), matches.next()) {
        (Some(p), None) if !wanted.is_empty() => Some(p),
        _ => None,
    }
}

/// The assistant: the participant `--assistant` names, else the one known AI contact (the busiest one if a group
/// holds several), else nobody.
pub fn pick(
    participants: &[Participant],
    forced: Option<&str>,
) -> Result<Option<Assistant>, NoSuchParticipant> {
    if let Some(name) = forced {
        return match find(participants, name) {
            Some(p) => Ok(Some(Assistant {
                name: p.name.clone(),
                reason: "named with --assistant".into(),
                guessed: false,
            })),
            None => Err(NoSuchParticipant {
                flag: "--assistant",
                name: name.into(),
            }),
        };
    }
    let known: Vec<&Participant> = participants
        .iter()
        .filter(|p| KNOWN_ASSISTANTS.contains(&key(&p.name).as_str()))
        .collect();
    let busiest = known.iter().max_by_key(|p| p.messages);
    Ok(busiest.map(|p| Assistant {
        name: p.name.clone(),
        reason: if known.len() == 1 {
            "a known AI contact name".into()
        } else {
            format!(
                "the busiest of {} known AI contact names; pass --assistant to choose",
                known.len()
            )
        },
        guessed: false,
    }))
}

/// The guess when no assistant is known: the busiest participant who is not `me` (without `--me`: who did not
/// write first, since people open a chat with a bot by asking).
fn guess(participants: &[Participant], me: Option<&str>) -> Option<Assistant> {
    let skip = me.or(participants.first().map(|p| p.name.as_str()));
    let p = participants
        .iter()
        .filter(|p| Some(p.name.as_str()) != skip)
        .fold(None::<&Participant>, |best, p| match best {
            Some(b) if b.messages >= p.messages => Some(b),
            _ => Some(p),
        })?;
    Some(Assistant {
        name: p.name.clone(),
        reason: if me.is_some() {
            "guessed: no known AI contact, and not --me".into()
        } else {
            "guessed: no known AI contact, and did not write first".into()
        },
        guessed: true,
    })
}

/// The role of a message of `kind` by `author` when `assistant` is the assistant.
pub fn role_of(kind: Kind, author: Option<&str>, assistant: Option<&str>) -> Role {
    match (author, assistant) {
        _ if kind == Kind::System => Role::System,
        // why: a call WhatsApp wrote with no author (`X started a call`) is its notice, not a person's message.
        (None, _) if kind == Kind::Call => Role::System,
        (Some(a), Some(b)) if a == b => Role::Assistant,
        _ => Role::User,
    }
}

/// Picks the assistant and marks roles and `me` on the participants.
pub fn assign(
    participants: &mut [Participant],
    names: &RoleNames,
) -> Result<Option<Assistant>, RoleError> {
    // why: `--assistant none` keeps everyone a user, unless someone is really called "none".
    let none = names
        .assistant
        .as_deref()
        .is_some_and(|a| a.eq_ignore_ascii_case(NO_ASSISTANT) && find(participants, a).is_none());
    let forced = names.assistant.as_deref().filter(|_| !none);
    let mut assistant = pick(participants, forced)?;
    let me = match &names.me {
        Some(name) => Some(
            find(participants, name)
                .map(|p| p.name.clone())
                .ok_or_else(|| NoSuchParticipant {
                    flag: "--me",
                    name: name.clone(),
                })?,
        ),
        None => None,
    };
    if assistant.is_none() && names.guess && !none {
        let people = participants.iter().filter(|p| p.messages > 0).count();
        // why: in a group, a guess makes a friend "the AI" and takes their name off their messages (issue 17).
        if people > 2 {
            return Err(RoleError::GroupNeedsAssistant);
        }
        assistant = guess(participants, me.as_deref());
    }
    for p in participants.iter_mut() {
        p.role = match &assistant {
            Some(a) if a.name == p.name => Role::Assistant,
            _ => Role::User,
        };
        p.me = me.as_deref() == Some(p.name.as_str());
    }
    Ok(assistant)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(names: &[(&str, u64)]) -> Vec<Participant> {
        names
            .iter()
            .map(|&(name, messages)| Participant {
                name: name.into(),
                messages,
                role: Role::User,
                me: false,
            })
            .collect()
    }

    #[test]
    fn picks_the_assistant() {
        /// (participants, --assistant, picked)
        type Case<'a> = (&'a [(&'a str, u64)], Option<&'a str>, Option<&'a str>);
        let cases: &[Case] = &[
            (&[("Ana", 3), ("Copilot", 3)], None, Some("Copilot")),
            (
                &[("Ana", 3), ("1-800-ChatGPT", 3)],
                None,
                Some("1-800-ChatGPT"),
            ),
            (
                &[("Ana", 3), ("+1 (800) 242-8478", 3)],
                None,
                Some("+1 (800) 242-8478"),
            ),
            (
                &[("Ana", 3), ("Meta AI", 1), ("ChatGPT", 9)],
                None,
                Some("ChatGPT"),
            ),
            (&[("Ana", 3), ("Bob", 3)], None, None),
            (&[("Ana", 3), ("Bob", 3)], Some("bob"), Some("Bob")),
            (&[("Ana", 3), ("Copilot", 3)], Some("Ana"), Some("Ana")),
        ];
        for &(list, forced, want) in cases {
            let got = pick(&people(list), forced).unwrap();
            assert_eq!(got.map(|a| a.name).as_deref(), want, "{list:?} {forced:?}");
        }
        assert_eq!(
            pick(&people(&[("Ana", 1)]), Some("Zed")),
            Err(NoSuchParticipant {
                flag: "--assistant",
                name: "Zed".into()
            })
        );
    }

    #[test]
    fn assigns_roles_and_me() {
        let mut list = people(&[("Ana", 3), ("Copilot", 3)]);
        let names = RoleNames {
            me: Some("ana".into()),
            ..RoleNames::default()
        };
        let a = assign(&mut list, &names).unwrap();
        assert_eq!(a.map(|a| a.name).as_deref(), Some("Copilot"));
        assert_eq!(
            list.iter().map(|p| (p.role, p.me)).collect::<Vec<_>>(),
            [(Role::User, true), (Role::Assistant, false)]
        );
        let names = RoleNames {
            me: Some("Zed".into()),
            ..RoleNames::default()
        };
        assert!(assign(&mut list, &names).is_err());
    }

    #[test]
    fn guesses_only_when_asked_and_nobody_is_known() {
        /// (participants, --me, guessed assistant)
        type Case<'a> = (&'a [(&'a str, u64)], Option<&'a str>, Option<&'a str>);
        let cases: &[Case] = &[
            (&[("Ana", 3), ("Bob", 3)], None, Some("Bob")),
            (&[("Ana", 3), ("Bob", 3)], Some("Bob"), Some("Ana")),
            (&[("Ana", 3)], None, None),
            (
                &[("Ana", 3), ("Copilot", 3)],
                Some("Copilot"),
                Some("Copilot"),
            ),
        ];
        for &(list, me, want) in cases {
            let mut list = people(list);
            let names = RoleNames {
                me: me.map(Into::into),
                guess: true,
                ..RoleNames::default()
            };
            let got = assign(&mut list, &names).unwrap();
            assert_eq!(
                got.as_ref().map(|a| a.name.as_str()),
                want,
                "{list:?} {me:?}"
            );
            let guessed = want.is_some_and(|w| w != "Copilot");
            assert_eq!(got.is_some_and(|a| a.guessed), guessed);
        }
        let mut list = people(&[("Ana", 3), ("Bob", 3)]);
        assert_eq!(assign(&mut list, &RoleNames::default()).unwrap(), None);
    }

    #[test]
    fn a_group_is_never_guessed_and_none_means_nobody() {
        let group = || people(&[("Ana", 3), ("Bob", 1), ("Cy", 5)]);
        let guess = RoleNames {
            guess: true,
            ..RoleNames::default()
        };
        assert_eq!(
            assign(&mut group(), &guess),
            Err(RoleError::GroupNeedsAssistant)
        );
        let none = RoleNames {
            assistant: Some("none".into()),
            guess: true,
            ..RoleNames::default()
        };
        let mut list = group();
        assert_eq!(assign(&mut list, &none), Ok(None));
        assert!(list.iter().all(|p| p.role == Role::User));
        // Someone really called None is named, not nobody.
        let mut list = people(&[("Ana", 3), ("None", 2), ("Cy", 1)]);
        let got = assign(&mut list, &none).unwrap();
        assert_eq!(got.map(|a| a.name).as_deref(), Some("None"));
        let named = RoleNames {
            assistant: Some("cy".into()),
            guess: true,
            ..RoleNames::default()
        };
        let got = assign(&mut group(), &named).unwrap();
        assert_eq!(got.map(|a| a.name).as_deref(), Some("Cy"));
    }
}
