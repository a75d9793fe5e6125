//! The site map of the product specification, copied here on purpose: the tests
//! check the app against the specification, not against the model the app is built
//! from (`public/navigation.json`).

/// (path, the page's `<h1>`, the breadcrumb trail below "Accueil").
pub const PAGES: &[(&str, &str, &[&str])] = &[
    ("/", "Organisation internationale pour les migrations", &[]),
    ("/qui-sommes-nous", "Qui sommes nous", &["Qui sommes nous"]),
    (
        "/qui-sommes-nous/structure",
        "Structure",
        &["Qui sommes nous", "Structure"],
    ),
    (
        "/qui-sommes-nous/structure/structure-organisationnelle",
        "Structure organisationnelle",
        &[
            "Qui sommes nous",
            "Structure",
            "Structure organisationnelle",
        ],
    ),
    (
        "/qui-sommes-nous/structure/directrice-generale",
        "Directrice générale",
        &["Qui sommes nous", "Structure", "Directrice générale"],
    ),
    (
        "/qui-sommes-nous/structure/directrice-generale-adjointe-gestion-et-reformes",
        "Directrice générale adjointe chargée de la gestion et des réformes",
        &[
            "Qui sommes nous",
            "Structure",
            "Directrice générale adjointe chargée de la gestion et des réformes",
        ],
    ),
    (
        "/qui-sommes-nous/structure/directrice-generale-adjointe-operations",
        "Directrice générale adjointe chargée des opérations",
        &[
            "Qui sommes nous",
            "Structure",
            "Directrice générale adjointe chargée des opérations",
        ],
    ),
    (
        "/qui-sommes-nous/structure/bureau-du-chef-de-cabinet",
        "Bureau du Chef de Cabinet",
        &["Qui sommes nous", "Structure", "Bureau du Chef de Cabinet"],
    ),
    (
        "/qui-sommes-nous/structure/bureau-des-partenariats",
        "Bureau des partenariats, de la sensibilisation et de la communication",
        &[
            "Qui sommes nous",
            "Structure",
            "Bureau des partenariats, de la sensibilisation et de la communication",
        ],
    ),
    (
        "/qui-sommes-nous/structure/bureau-de-la-strategie",
        "Bureau de la stratégie et de la performance institutionnelle",
        &[
            "Qui sommes nous",
            "Structure",
            "Bureau de la stratégie et de la performance institutionnelle",
        ],
    ),
    ("/notre-travail", "Notre travail", &["Notre travail"]),
    (
        "/notre-travail/ce-que-nous-faisons",
        "Ce que nous faisons",
        &["Notre travail", "Ce que nous faisons"],
    ),
    (
        "/notre-travail/partenariats",
        "Partenariats",
        &["Notre travail", "Partenariats"],
    ),
    (
        "/notre-travail/ou-travaillons-nous",
        "Où travaillons-nous",
        &["Notre travail", "Où travaillons-nous"],
    ),
    ("/agir", "Agir", &["Agir"]),
    (
        "/agir/travailler-avec-nous",
        "Travailler avec nous",
        &["Agir", "Travailler avec nous"],
    ),
    (
        "/agir/engagez-vous",
        "Engagez-vous",
        &["Agir", "Engagez-vous"],
    ),
    (
        "/donnees-et-recherche",
        "Données et recherche",
        &["Données et recherche"],
    ),
    (
        "/donnees-et-recherche/lavenir-de-la-migration",
        ARTICLE_TITLE,
        &["Données et recherche", ARTICLE_TITLE],
    ),
    ("/agenda-2030", "2030 AGENDA", &["2030 AGENDA"]),
    ("/reperes", "L’OIM en dates", &["L’OIM en dates"]),
    (
        "/glossaire",
        "Sigles et acronymes",
        &["Sigles et acronymes"],
    ),
    ("/contact", "Contacter l’OIM", &["Contacter l’OIM"]),
    ("/recherche", "Recherche", &["Recherche"]),
    ("/plan-du-site", "Plan du site", &["Plan du site"]),
    ("/accessibilite", "Accessibilité", &["Accessibilité"]),
    (
        "/mentions-legales",
        "Mentions légales",
        &["Mentions légales"],
    ),
    ("/hors-ligne", "Lecture hors ligne", &["Lecture hors ligne"]),
];

pub const ARTICLE_TITLE: &str = "Quel avenir pour les migrations internationales et la mobilité humaine ? - Une initiative conjointe d’élaboration de scénarios";
