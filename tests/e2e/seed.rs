//! The seed article's paragraphs, as given by the user: the site must show them word for word.

pub const SEED_ARTICLE: [&str; 3] = [
    "La publication de 2017 intitulée « Tomorrow's World of Migration and Mobility » est le résultat de l'initiative conjointe d’élaboration de scénarios sur l'avenir de la migration lancée en 2016-2017 dans le cadre d'un partenariat entre l'OIM, la Fondation Friedrich-Ebert Stiftung et l'ONG Global Futures basée à Genève.",
    "Elle s'appuie sur les recommandations des consultations annuelles OIM-OSC de 2015 à Genève pour que l'OIM continue à travailler avec la société civile pour explorer « l'avenir de la migration », poursuivre une réflexion à plus long terme sur les défis migratoires au-delà de la priorité actuelle des urgences, en reconnaissant que de simples prévisions et projections de ce à quoi la migration pourrait ressembler à l'avenir peuvent être complexes et inexactes. Quatre équipes de scénarios indépendantes, composées de participants de la société civile, d’universitaires, de migrants et d'autres personnes de différentes régions du monde, se sont rassemblées pour examiner, sur une période de 18 mois, les scénarios de migration possibles d'ici 2030.",
    "Les scénarios qui en ont résulté ont été élaborés de manière indépendante dans le cadre d'ateliers, de webinaires et d'entretiens avec des personnalités marquantes. La publication « Tomorrow's World of Migration and Mobility » n'a pas pour but de projeter ou de prédire l'avenir, ni de refléter une « vision de l'OIM » concernant l'avenir.",
];

pub const BLURB_QUI_SOMMES_NOUS: &str =
    "L'Organisation internationale pour les migrations (OIM) fait partie du système des Nations Unies et est la première organisation intergouvernementale à promouvoir depuis 1951 une migration humaine et ordonnée qui profite à tous, composée de 175 Etats membres et présente dans 171 pays.";

pub const BLURB_NOTRE_TRAVAIL: &str =
    "En tant que principale organisation intergouvernementale qui promeut depuis 1951 une migration humaine et ordonnée, l'OIM joue un rôle clé pour soutenir la réalisation du Programme 2030 à travers différents domaines d'intervention qui relient à la fois l'aide humanitaire et le développement durable.";
