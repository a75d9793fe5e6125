use super::PageHeading;
use crate::nav::{href, model};
use crate::shell::PageMeta;
use leptos::prelude::*;

pub const NOT_FOUND_TITLE: &str = "Page introuvable";

#[component]
pub fn NotFound() -> impl IntoView {
    let m = model();
    let sitemap = m.sitemap();
    view! {
        <PageMeta
            title=format!("{NOT_FOUND_TITLE} | {}", m.site_name)
            description="Cette adresse ne correspond à aucune page du site.".to_string()
        />
        <div class="container page">
            <PageHeading text=NOT_FOUND_TITLE />
            <p class="lead">
                "L'adresse demandée ne correspond à aucune page du site. Elle a peut-être changé, ou contient une faute de frappe."
            </p>
            <ul class="link-list">
                <li><a href=href("/")>"Retourner à l'accueil"</a></li>
                // The label as it is: lower-casing it would pull Unicode's case tables
                // into the wasm (7 kB brotli).
                {sitemap.map(|s| view! { <li><a href=href(&s.path)>{s.label.clone()}</a></li> })}
            </ul>
        </div>
    }
}
