use crate::nav::model;
use crate::render::NavLink;
use leptos::prelude::*;

/// The footer: the sections of the menu, then the utility links (sitemap, legal).
#[component]
pub fn SiteFooter() -> impl IntoView {
    let m = model();
    view! {
        <footer class="site-footer">
            <div class="container">
                <p class="site-footer-brand">
                    <strong>{m.site_name.clone()}</strong>
                    " – "
                    {m.site_full_name.clone()}
                </p>
                <nav aria-label="Pied de page">
                    <ul class="site-footer-sections">
                        {m.menu_sections().map(|node| view! { <li><NavLink node /></li> }).collect_view()}
                    </ul>
                    <ul class="site-footer-utility">
                        {m.footer_links().into_iter().map(|node| view! { <li><NavLink node /></li> }).collect_view()}
                    </ul>
                </nav>
            </div>
        </footer>
    }
}
