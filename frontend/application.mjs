// Optional behaviour (progressive enhancement): every page works without this file.
// Loaded as <script type="module">, so only browsers GOV.UK Frontend supports run it.
import { initAll as initGovuk } from './govuk-frontend.min.js'
import { FilterToggleButton } from './moj-frontend.min.js'

document.body.classList.add('js-enabled', 'govuk-frontend-supported')
initGovuk()

// The action list's filter panel: show/hide on small screens (MOJ filter layout).
const toggle = document.querySelector('[data-app-filter-toggle]')
if (toggle) {
  new FilterToggleButton(toggle, {
    bigModeMediaQuery: '(min-width: 48.0625em)',
    startHidden: false,
    toggleButton: { container: toggle, showText: 'Show filter', hideText: 'Hide filter' },
    closeButton: { container: document.querySelector('.moj-filter__header-action'), text: 'Close' },
    filter: { container: document.querySelector('.moj-filter') }
  })
}
