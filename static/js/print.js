// Print buttons: any element with data-print prints the page. The button stays hidden without JavaScript,
// where the browser's own print command is the way to print.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
