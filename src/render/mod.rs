//! Views of the content and of the navigation model, shared by the pages and the
//! shell: content blocks and inline spans (here), links to pages of the model
//! (`NavLink`) and the current path they are compared with. Text is always inserted
//! as text: no raw HTML is ever inserted, so content cannot inject markup.

mod current_path;
pub mod figures;
mod nav_link;

pub use current_path::{pages_drawn, provide_current_path, use_current_path};
pub use nav_link::NavLink;

use crate::content::{french_date, Block, Card, Dates, Span, Text};
use crate::nav::{model, use_site, NavNode};
use leptos::prelude::*;

/// Inline spans. Internal links are plain `<a href>` that the router takes over.
#[component]
pub fn Spans(text: Text) -> impl IntoView {
    let site = use_site();
    text.into_iter()
        .map(|span| match span {
            Span::Plain(t) => t.into_any(),
            Span::Emphasis(e) => view! { <em>{e.em}</em> }.into_any(),
            Span::Strong(s) => view! { <strong>{s.strong}</strong> }.into_any(),
            Span::Internal(l) => view! { <a href=site.href(&l.link)>{l.text}</a> }.into_any(),
            Span::External(l) => external_link(l.href, l.text, l.new_tab),
            Span::Date(d) => view! { <time datetime=d.date>{d.text}</time> }.into_any(),
        })
        .collect_view()
}

/// A link off the site; when it opens a new tab it says so and carries `rel="noopener"`.
fn external_link(to: String, text: String, new_tab: bool) -> AnyView {
    if new_tab {
        view! {
            <a href=to target="_blank" rel="noopener">
                {text}
                <span class="visually-hidden">" (nouvelle fenêtre)"</span>
            </a>
        }
        .into_any()
    } else {
        view! { <a href=to>{text}</a> }.into_any()
    }
}

/// A link given as a site path or an address.
fn link_href(link: &str) -> String {
    if link.starts_with('/') {
        use_site().href(link)
    } else {
        link.to_string()
    }
}

#[component]
pub fn Blocks(blocks: Vec<Block>) -> impl IntoView {
    blocks.into_iter().map(render_block).collect_view()
}

fn render_block(block: Block) -> AnyView {
    match block {
        Block::Heading { level, text, id } => {
            if level <= 2 {
                view! { <h2 id=id>{text}</h2> }.into_any()
            } else {
                view! { <h3 id=id>{text}</h3> }.into_any()
            }
        }
        Block::Paragraph { text } => view! { <p><Spans text /></p> }.into_any(),
        Block::List { ordered, items } => {
            let items = items
                .into_iter()
                .map(|text| view! { <li><Spans text /></li> })
                .collect_view();
            if ordered {
                view! { <ol class="content-list">{items}</ol> }.into_any()
            } else {
                view! { <ul class="content-list">{items}</ul> }.into_any()
            }
        }
        Block::Quote { text, source } => view! {
            <figure class="quote">
                <blockquote><p><Spans text /></p></blockquote>
                {source.map(|s| view! { <figcaption>{s}</figcaption> })}
            </figure>
        }
        .into_any(),
        Block::Figures { items } => view! {
            <ul class="figures">
                {items
                    .into_iter()
                    .map(|f| view! {
                        <li class="figure">
                            <span class="figure-value">{f.value}</span>
                            " "
                            <span class="figure-label">{f.label}</span>
                        </li>
                    })
                    .collect_view()}
            </ul>
        }
        .into_any(),
        Block::Cards { items } => view! {
            <ul class="cards">{items.into_iter().map(render_card).collect_view()}</ul>
        }
        .into_any(),
        Block::PageCards { links } => {
            let items = links
                .iter()
                .filter_map(|path| model().find(path))
                .map(page_card)
                .collect();
            render_block(Block::Cards { items })
        }
        Block::Note { title, text } => view! {
            <aside class="note">
                {title.map(|t| view! { <p class="note-title">{t}</p> })}
                <p><Spans text /></p>
            </aside>
        }
        .into_any(),
        Block::Details { items } => view! {
            <dl class="details">
                {items
                    .into_iter()
                    .map(|d| view! {
                        <div>
                            <dt>{d.term}</dt>
                            <dd><Spans text=d.value /></dd>
                        </div>
                    })
                    .collect_view()}
            </dl>
        }
        .into_any(),
        Block::Chart(chart) => figures::figure(move |t| (t.chart)(chart.clone())),
        Block::Map(map) => figures::figure(move |t| (t.map)(map.clone())),
    }
}

/// The card for a page of the model: its label, its description, a link to it.
pub fn page_card(node: &NavNode) -> Card {
    Card {
        title: node.label.to_string(),
        text: vec![Span::Plain(node.description.to_string())],
        link: Some(node.path.to_string()),
    }
}

fn render_card(card: Card) -> impl IntoView {
    let title = match card.link {
        Some(link) => view! { <a href=link_href(&link)>{card.title}</a> }.into_any(),
        None => card.title.into_any(),
    };
    view! {
        <li class="card">
            <h3 class="card-title">{title}</h3>
            <p><Spans text=card.text /></p>
        </li>
    }
}

/// "Publication : 2017" (a publication's date, from its content file) and "Mis à jour
/// le 2 décembre 2026" (when the page's content last changed: the site builder writes
/// it from the repository's history into the page's content file).
#[component]
pub fn PageDates(dates: Dates) -> impl IntoView {
    let line = |label: &'static str, date: Option<String>| {
        date.and_then(|d| {
            french_date(&d).map(|written| {
                view! {
                    <p class="page-date">{label}<time datetime=d>{written}</time></p>
                }
            })
        })
    };
    view! {
        {line("Publication\u{a0}: ", dates.published)}
        {line("Mis à jour le ", dates.updated)}
    }
}

/// The loading state of a part of the page (`role="status"`).
#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <p class="loading" role="status">
            <span class="loading-spinner" aria-hidden="true"></span>
            "Chargement du contenu de la page…"
        </p>
    }
}

/// A part of the page that could not be loaded: why (`message`), "Réessayer" and a
/// way home.
#[component]
pub fn LoadFailed(message: String, retry: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    view! {
        <div class="load-error" role="alert">
            <h2>"Le contenu de cette page n’a pas pu être affiché"</h2>
            <p>{message}</p>
            <p class="load-error-actions">
                <button type="button" class="button" on:click=move |_| retry()>
                    "Réessayer"
                </button>
                <a href=use_site().href("/")>"Retourner à l’accueil"</a>
            </p>
        </div>
    }
}
