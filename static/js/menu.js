// The header menu on narrow screens: a button opens and closes it. Without this script the button stays
// hidden and the menu stays open (see .js-menu in app.css).
document.querySelectorAll("[data-menu-button]").forEach((button) => {
  const menu = document.getElementById(button.getAttribute("aria-controls"));
  document.documentElement.classList.add("js-menu");
  button.hidden = false;
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("is-open", open);
  });
});
