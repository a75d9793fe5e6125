//! Charts and maps (the content's figures): the picture the site builder drew, its
//! caption (title and source), the same numbers as a table under "Voir les
//! données", and the link to the CSV. The views are in a chunk of their own
//! (`FIGURES`), which only pages with figures load: drawing a figure in place is
//! the one thing here that needs the app, since a prerendered page carries its
//! figures as HTML.

use crate::chunk;
use crate::chunks::gone;
use crate::content::{french_number, Chart, FigureFiles, FigureSource, Map};
use crate::dom::load_in_full;
use crate::nav::use_site;
use leptos::prelude::*;

/// The figures chunk's entry points.
pub struct FiguresChunk {
    pub chart: fn(Chart) -> AnyView,
    pub map: fn(Map) -> AnyView,
}

chunk!(pub FIGURES: FiguresChunk = figures, FiguresChunk { chart, map });

/// A figure drawn by `draw` once the chunk is loaded: at once if it is; meanwhile
/// a status line; if it cannot be loaded, a line saying so with "Réessayer" (or the
/// page loaded in full when a new deployment removed the chunk).
pub fn figure(draw: impl Fn(&'static FiguresChunk) -> AnyView + Send + Sync + 'static) -> AnyView {
    if let Some(table) = FIGURES.get() {
        return draw(table);
    }
    let path = super::use_current_path();
    let site = use_site();
    let loaded = RwSignal::new(None);
    let load = move || {
        loaded.set(None);
        leptos::task::spawn_local(async move {
            let answer = FIGURES.load().await;
            // The visitor may have left the page meanwhile.
            let _ = loaded.try_set(Some(answer));
        });
    };
    load();
    (move || match loaded.get() {
        Some(Ok(table)) => draw(table),
        Some(Err(_)) if gone() => {
            load_in_full(&site.href(&path.get_untracked()));
            ().into_any()
        }
        Some(Err(_)) => view! {
            <p class="figure-status" role="alert">
                "Cette figure n’a pas pu être affichée. "
                <button type="button" class="button" on:click=move |_| load()>"Réessayer"</button>
            </p>
        }
        .into_any(),
        None => view! {
            <p class="figure-status" role="status">"Chargement de la figure…"</p>
        }
        .into_any(),
    })
    .into_any()
}

fn chart(chart: Chart) -> AnyView {
    let headings = chart
        .series
        .iter()
        .map(|s| format!("{} ({})", s.name, s.unit))
        .map(|h| view! { <th scope="col">{h}</th> })
        .collect_view();
    let rows = chart
        .rows
        .into_iter()
        .map(|row| {
            let cells = row.values.into_iter().map(cell).collect_view();
            view! { <tr><th scope="row">{row.label}</th>{cells}</tr> }
        })
        .collect_view();
    let table = view! {
        <thead><tr><th scope="col">{chart.category}</th>{headings}</tr></thead>
        <tbody>{rows}</tbody>
    }
    .into_any();
    framed(
        "chart",
        chart.title,
        chart.alt,
        chart.source,
        chart.files,
        table,
    )
}

fn map(map: Map) -> AnyView {
    let headings = Map::COLUMNS.map(|h| view! { <th scope="col">{h}</th> });
    let rows = map
        .places
        .into_iter()
        .enumerate()
        .map(|(i, place)| {
            view! {
                <tr>
                    <td>{i + 1}</td>
                    <th scope="row">{place.name}</th>
                    <td>{place.country}</td>
                    <td>{place.kind}</td>
                    {cell_text(place.covers)}
                    {cell(Some(place.lat))}
                    {cell(Some(place.lon))}
                </tr>
            }
        })
        .collect_view();
    let table = view! {
        <thead><tr>{headings}</tr></thead>
        <tbody>{rows}</tbody>
    }
    .into_any();
    framed("map", map.title, map.alt, map.source, map.files, table)
}

/// A number of the table, written the French way; a missing one said so.
fn cell(value: Option<f64>) -> AnyView {
    cell_text(value.map(french_number))
}

fn cell_text(text: Option<String>) -> AnyView {
    match text {
        Some(text) => view! { <td>{text}</td> }.into_any(),
        None => view! {
            <td>
                <span aria-hidden="true">"—"</span>
                <span class="visually-hidden">"non indiqué"</span>
            </td>
        }
        .into_any(),
    }
}

/// What every figure has around its data: caption, picture, table, CSV link.
fn framed(
    kind: &'static str,
    title: String,
    alt: String,
    source: FigureSource,
    files: Option<FigureFiles>,
    table: AnyView,
) -> AnyView {
    let source = match source.year {
        Some(year) => format!("Source\u{a0}: {}, {year}", source.name),
        None => format!("Source\u{a0}: {}", source.name),
    };
    let site = use_site();
    let (picture, download) = files
        .map(|f| {
            (
                view! {
                    <img src=site.href(&f.svg) width=f.width height=f.height alt=alt
                        loading="lazy" decoding="async" />
                },
                view! {
                    <p class="figure-download">
                        <a href=site.href(&f.csv) download="">"Télécharger les données (CSV)"</a>
                    </p>
                },
            )
        })
        .unzip();
    view! {
        <figure class=format!("data-figure {kind}")>
            <figcaption>
                <span class="figure-title">{title.clone()}</span>
                <span class="figure-source">{source}</span>
            </figcaption>
            {picture}
            <details class="figure-data">
                <summary>"Voir les données"</summary>
                <div class="table-scroll" role="region" aria-label=title.clone() tabindex="0">
                    <table>
                        <caption class="visually-hidden">{title.clone()}</caption>
                        {table}
                    </table>
                </div>
            </details>
            {download}
        </figure>
    }
    .into_any()
}
