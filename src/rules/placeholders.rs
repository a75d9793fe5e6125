//! Words of a content file that depend on where the site is deployed, not on what
//! it says: written `{{NAME}}` in the file, and replaced by the site builder with the
//! environment variable `NAME` when it is set, else with the default below (in the
//! prerendered page and in the copy of the file the app fetches alike). The validator
//! refuses a `{{…}}` that names no setting here.

/// A build setting that content files may name.
pub struct Setting {
    /// The placeholder's name and the environment variable's.
    pub name: &'static str,
    /// What the site says when the variable is not set (checked like our own text).
    pub default: &'static str,
}

pub const SETTINGS: [Setting; 4] = [
    Setting {
        name: "OIM_PUBLISHER_NAME",
        default: "non précisé dans cette version du site\u{a0}: l’éditeur dépend de qui déploie le site",
    },
    Setting {
        name: "OIM_PUBLISHER_ADDRESS",
        default: "non précisée\u{a0}: elle dépend, elle aussi, de qui déploie le site",
    },
    Setting {
        name: "OIM_HOST_NAME",
        default: "non précisé dans cette version du site\u{a0}: l’hébergeur dépend du lieu où le site est déployé",
    },
    Setting {
        name: "OIM_HOST_ADDRESS",
        default: "non précisée\u{a0}: elle dépend, elle aussi, du lieu où le site est déployé",
    },
];

/// The `{{…}}` of `text` that name no setting (an unclosed `{{` included).
pub fn unknown(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start..];
        let Some(end) = after.find("}}").map(|e| e + 2) else {
            found.push(after);
            break;
        };
        let placeholder = &after[..end];
        if !SETTINGS.iter().any(|s| placeholder[2..end - 2] == *s.name) {
            found.push(placeholder);
        }
        rest = &after[end..];
    }
    found
}

/// A content file's JSON with every `{{NAME}}` replaced by `value(setting)`, written as
/// JSON string content (quotes and backslashes escaped).
pub fn fill(json: &str, value: impl Fn(&Setting) -> String) -> String {
    SETTINGS.iter().fold(json.to_string(), |json, setting| {
        let placeholder = format!("{{{{{}}}}}", setting.name);
        if !json.contains(&placeholder) {
            return json;
        }
        let quoted = serde_json::to_string(&value(setting)).expect("a string serialises");
        json.replace(&placeholder, &quoted[1..quoted.len() - 1])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_placeholders_pass_and_others_are_named() {
        assert!(unknown("Hébergeur\u{a0}: {{OIM_HOST_NAME}}, {{OIM_HOST_ADDRESS}}").is_empty());
        assert_eq!(
            unknown("{{OIM_HOST}} et {{oim_host_name}}, puis {{OIM_HOST_NAME"),
            ["{{OIM_HOST}}", "{{oim_host_name}}", "{{OIM_HOST_NAME"]
        );
    }

    #[test]
    fn values_are_written_as_json_text() {
        let json = r#"{"body": [{"type": "paragraph", "text": ["{{OIM_HOST_NAME}} ({{OIM_HOST_ADDRESS}})"]}]}"#;
        let filled = fill(json, |s| match s.name {
            "OIM_HOST_NAME" => r#"Hôte "Exemple" \ SA"#.into(),
            _ => s.default.into(),
        });
        let content = crate::content::PageContent::parse(&filled).unwrap();
        let crate::content::Block::Paragraph { text } = &content.body[0] else {
            panic!("{content:?}")
        };
        assert_eq!(
            text[0].words(),
            format!(r#"Hôte "Exemple" \ SA ({})"#, SETTINGS[3].default)
        );
        assert_eq!(fill("sans réglage", |_| unreachable!()), "sans réglage");
    }

    #[test]
    fn the_defaults_follow_french_typography() {
        for setting in SETTINGS {
            assert_eq!(
                super::super::typography::breaches(setting.default),
                Vec::<String>::new()
            );
        }
    }
}
