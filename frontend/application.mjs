// Optional behaviour (progressive enhancement): every page and form works without it.
// Loaded as <script type="module">, so only browsers that GOV.UK Frontend supports run it.
// The class is set here rather than by an inline script, which our CSP forbids.
import { initAll } from './govuk-frontend.min.js'
import { FilterToggleButton } from './moj-frontend.min.js'

// `js-enabled` is the class MOJ Frontend's styles look for (the filter panel).
document.body.classList.add('govuk-frontend-supported', 'js-enabled')

// Error summaries take focus, the service navigation collapses into a menu button on small
// screens, the skip link moves focus.
initAll()

// MOJ's filter toggle: on a small screen the filter panel starts hidden behind a
// "Show filter" button, so the first result is near the top. Without JavaScript the panel
// is a plain GET form, placed after the results on a small screen (app/_layout.scss).
for (const $root of document.querySelectorAll('[data-module="moj-filter"]')) {
  // startHidden false: shown on a wide screen; a small screen hides it (checkMode).
  new FilterToggleButton($root, { startHidden: false }) // eslint-disable-line no-new
}
