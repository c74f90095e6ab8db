// Loaded in <head>, before the page paints: marks that scripts run, so tdkt.css may fold the phone menu behind its
// toggle button. Without JavaScript the class is missing and the menu stays open (usable, just long).
document.documentElement.classList.add("tdkt-js");
