// Optional behaviour (progressive enhancement): every page and form works without it.
// Loaded as <script type="module">, so only browsers that GOV.UK Frontend supports run it.
// The class is set here rather than by an inline script, which our CSP forbids.
import { initAll } from './govuk-frontend.min.js'

document.body.classList.add('govuk-frontend-supported')

// Error summaries take focus, the service navigation collapses into a menu button on small
// screens, the skip link moves focus. MOJ Frontend's scripts are copied beside this file
// for pages that want them; the filter panel and sortable columns need none (they are
// plain GET forms and links).
initAll()
