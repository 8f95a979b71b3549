/* The handbook's own script: loaded on every page, before the theme's deferred scripts run. */

// Font Awesome: draw the theme's icons with the web fonts its stylesheet already declares, instead
// of replacing them by inline SVG styled by an injected <style> element, which a strict
// Content-Security-Policy (style-src 'self') blocks.
window.FontAwesomeConfig = { autoReplaceSvg: false, autoAddCss: false };

// "Skip to main content" should move keyboard focus into the content, not only scroll to it:
// following a link to an element focuses that element only when it can take focus.
document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("main-content")?.setAttribute("tabindex", "-1");
});

// The sidebar buttons: pydata-sphinx-theme and sphinx-book-theme attach their handlers to the first
// ".primary-toggle" only, the one in the site header, which this layout hides. The visible one above
// the article did nothing, and on a phone the table of contents could not be opened. Its clicks are
// passed on to the button that has the handlers.
document.addEventListener("DOMContentLoaded", () => {
  const [handled, ...others] = document.querySelectorAll(".primary-toggle");
  others.forEach((button) => button.addEventListener("click", (event) => {
    event.preventDefault();
    event.stopPropagation();
    handled.click();
  }));
});
