// Marks the body before first paint so GOV.UK Frontend styles and starts its components.
// A file, not an inline script, so the Content Security Policy can forbid inline scripts.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
