//! The header and its menu: the WAI-ARIA APG "disclosure navigation menu" pattern.
//! One list of sections serves both widths: on desktop each section button opens a
//! mega-menu panel; under 64rem a "Menu" button shows the same list, stacked.

use crate::dom::focus_by_id;
use crate::nav::{model, use_site, Kind, NavNode};
use crate::render::{use_current_path, NavLink};
use crate::search::{SearchForm, HEADER_FORM};
use leptos::ev::{FocusEvent, KeyboardEvent, MouseEvent};
use leptos::html;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::Node;

/// True when this build writes pages' markup ahead of time (the prerenderer, `ssr`):
/// that markup is read by visitors without JavaScript, so controls that only work
/// with the app (menu buttons) are written as plain links that look the same.
/// The app replaces them with its own markup when it starts.
pub const STATIC_MARKUP: bool = cfg!(feature = "ssr");

const MENU_BUTTON_ID: &str = "menu-bouton";
const MENU_LIST_ID: &str = "menu-principal";

fn section_button_id(i: usize) -> String {
    format!("menu-rubrique-{i}")
}

fn section_panel_id(i: usize) -> String {
    format!("menu-panneau-{i}")
}

/// Which parts of the menu are open. One section panel at most.
#[derive(Clone, Copy)]
struct MenuState {
    section: RwSignal<Option<usize>>,
    mobile: RwSignal<bool>,
}

impl MenuState {
    fn close_all(&self) {
        self.section.set(None);
        self.mobile.set(false);
    }
}

#[component]
pub fn SiteHeader() -> impl IntoView {
    let m = model();
    let state = MenuState {
        section: RwSignal::new(None),
        mobile: RwSignal::new(false),
    };
    let nav_ref = NodeRef::<html::Nav>::new();
    let contains = move |target: Option<leptos::web_sys::EventTarget>| {
        let node = target.and_then(|t| t.dyn_into::<Node>().ok());
        nav_ref
            .get_untracked()
            .is_some_and(|nav| node.is_some_and(|n| nav.contains(Some(&n))))
    };

    // Choosing a link (or any other navigation) closes the menu.
    let current = use_current_path();
    Effect::watch(
        move || current.get(),
        move |_, _, _| state.close_all(),
        false,
    );

    // A click anywhere outside the menu closes it.
    let outside_click = window_event_listener(leptos::ev::click, move |ev: MouseEvent| {
        if !contains(ev.target()) {
            state.section.set(None);
        }
    });
    on_cleanup(move || outside_click.remove());

    // Escape closes the innermost open part and returns focus to its button.
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() != "Escape" {
            return;
        }
        if let Some(i) = state.section.get_untracked() {
            state.section.set(None);
            focus_by_id(&section_button_id(i));
        } else if state.mobile.get_untracked() {
            state.mobile.set(false);
            focus_by_id(MENU_BUTTON_ID);
        }
    };
    // Without JavaScript the "Menu" control leads to the site map, which lists every page.
    let menu_toggle = match m.sitemap().filter(|_| STATIC_MARKUP) {
        Some(sitemap) => view! {
            <a id=MENU_BUTTON_ID class="menu-toggle" href=use_site().href(&sitemap.path)>
                <span class="menu-toggle-icon" aria-hidden="true"></span>
                "Menu"
            </a>
        }
        .into_any(),
        None => view! {
            <button
                type="button"
                id=MENU_BUTTON_ID
                class="menu-toggle"
                aria-expanded=move || state.mobile.get().to_string()
                aria-controls=MENU_LIST_ID
                on:click=move |_| state.mobile.update(|open| *open = !*open)
            >
                <span class="menu-toggle-icon" aria-hidden="true"></span>
                "Menu"
            </button>
        }
        .into_any(),
    };
    view! {
        <header class="site-header">
            <div class="container site-header-bar">
                <a class="brand" href=use_site().href("/")>
                    <span class="brand-mark" aria-hidden="true">{m.site_name.clone()}</span>
                    <span class="brand-name">{m.site_full_name.clone()}</span>
                </a>
                <SiteSearch />
                {menu_toggle}
            </div>
            <nav
                class="main-nav"
                class:is-open=move || state.mobile.get()
                aria-label="Menu principal"
                node_ref=nav_ref
                on:keydown=on_keydown
            >
                <ul id=MENU_LIST_ID class="container main-nav-list">
                    {m
                        .menu_sections()
                        .enumerate()
                        .map(|(i, section)| view! { <MenuSection i section state /> })
                        .collect_view()}
                </ul>
            </nav>
        </header>
    }
}

/// One top-level entry: a plain link when the section has no pages below it,
/// otherwise a disclosure button and its panel. Without JavaScript the button is
/// a link to the section's page, which lists the pages below it.
#[component]
fn MenuSection(i: usize, section: &'static NavNode, state: MenuState) -> impl IntoView {
    let current = use_current_path();
    // Marked by the model, not by the address's prefix: a missing page under a
    // section's address is in no section.
    let in_section = move || {
        current.with(|c| {
            model()
                .menu_section_of(c)
                .is_some_and(|s| s.path == section.path)
        })
    };
    if section.children.is_empty() {
        return view! {
            <li class="main-nav-item" class:is-current-section=in_section>
                <NavLink node=section />
            </li>
        }
        .into_any();
    }
    if STATIC_MARKUP {
        // Same id and look as the button the app puts in its place, so focus and
        // layout carry over when the app takes the page over.
        return view! {
            <li class="main-nav-item" class:is-current-section=in_section>
                <NavLink node=section attr:id=section_button_id(i) attr:class="main-nav-button" />
            </li>
        }
        .into_any();
    }
    let open = move || state.section.get() == Some(i);
    // The panel's contents are drawn when it is first opened, not when the app
    // starts: a closed panel is not displayed, and drawing every panel made the
    // start-up longer (see ARCHITECTURE.md, "Start-up in short tasks").
    let drawn = RwSignal::new(false);
    let toggle = move |_| {
        drawn.set(true);
        state
            .section
            .update(|s| *s = if *s == Some(i) { None } else { Some(i) })
    };
    // Tabbing out of the section (to the next section or past the menu) closes its
    // panel. A focus loss to nothing (a click on text in the panel) is left alone.
    let item_ref = NodeRef::<html::Li>::new();
    let on_focusout = move |ev: FocusEvent| {
        let Some(next) = ev.related_target().and_then(|t| t.dyn_into::<Node>().ok()) else {
            return;
        };
        let inside = item_ref
            .get_untracked()
            .is_some_and(|li| li.contains(Some(&next)));
        if !inside && state.section.get_untracked() == Some(i) {
            state.section.set(None);
        }
    };
    view! {
        <li
            class="main-nav-item"
            class:is-current-section=in_section
            node_ref=item_ref
            on:focusout=on_focusout
        >
            <button
                type="button"
                id=section_button_id(i)
                class="main-nav-button"
                aria-expanded=move || open().to_string()
                aria-controls=section_panel_id(i)
                on:click=toggle
            >
                {section.label.clone()}
            </button>
            <div id=section_panel_id(i) class="mega-panel" hidden=move || !open()>
                {move || drawn.get().then(|| view! { <PanelContents section /> }.into_any())}
            </div>
        </li>
    }
    .into_any()
}

/// A panel's blurb, its link to the section, and the section's groups and pages.
#[component]
fn PanelContents(section: &'static NavNode) -> impl IntoView {
    view! {
        <div class="mega-panel-inner">
            <div class="mega-panel-intro">
                <p class="mega-panel-title">{section.label.clone()}</p>
                <p>{section.blurb.clone().unwrap_or_else(|| section.description.clone())}</p>
                <p class="mega-panel-section-link">
                    <NavLink node=section label=format!("Voir la rubrique «\u{a0}{}\u{a0}»", section.label) />
                </p>
            </div>
            <ul class="mega-panel-links">
                {section.children.iter().map(|child| view! { <MenuEntry node=child /> }).collect_view()}
            </ul>
        </div>
    }
}

/// A link in a panel; a group lists its own pages beneath it.
#[component]
fn MenuEntry(node: &'static NavNode) -> impl IntoView {
    let pages = (node.kind == Kind::Group).then(|| {
        view! {
            <ul class="mega-panel-group">
                {node.children.iter().map(|page| view! { <li><NavLink node=page /></li> }).collect_view()}
            </ul>
        }
    });
    view! {
        <li class:mega-panel-group-entry=node.kind == Kind::Group>
            <NavLink node />
            {pages}
        </li>
    }
}

/// The header's search field, at every width, when the site has a results page.
#[component]
fn SiteSearch() -> impl IntoView {
    model().search_page().map(|_| {
        view! {
            <div class="site-search">
                <SearchForm place=&HEADER_FORM />
            </div>
        }
    })
}
