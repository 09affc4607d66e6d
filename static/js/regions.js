// The regency select follows the province select (progressive enhancement).
//
// Without this script the form has a "Show regencies of this province" button that reloads
// the page. With it, choosing a province fetches that province's regencies as JSON and
// refills the regency select, and the button is hidden. Markup it needs: a province <select>
// with data-regencies-url and data-regency-select (the regency select's id); the refresh
// button carries data-regions-refresh.
(function () {
  "use strict";

  function emptyOption(select) {
    var option = document.createElement("option");
    option.value = "";
    option.textContent = select.getAttribute("data-empty-label") || "";
    return option;
  }

  function fill(select, regencies) {
    var chosen = select.value;
    var multiple = select.multiple;
    while (select.firstChild) {
      select.removeChild(select.firstChild);
    }
    if (!multiple) {
      select.appendChild(emptyOption(select));
    }
    regencies.forEach(function (regency) {
      var option = document.createElement("option");
      option.value = String(regency.id);
      option.textContent = regency.name;
      if (option.value === chosen) {
        option.selected = true;
      }
      select.appendChild(option);
    });
  }

  function connect(province) {
    var regency = document.getElementById(province.getAttribute("data-regency-select"));
    var url = province.getAttribute("data-regencies-url");
    if (!regency || !url || !window.fetch) {
      return;
    }
    var form = province.form;
    var refresh = form ? form.querySelectorAll("[data-regions-refresh]") : [];
    Array.prototype.forEach.call(refresh, function (button) {
      var holder = button.parentElement && button.parentElement.tagName === "P" ? button.parentElement : button;
      holder.hidden = true;
    });

    // Someone walking the provinces with the arrow keys changes the province many times in a
    // row; only the answer for the province chosen last may fill the list, whatever order the
    // answers arrive in.
    var latest = 0;
    province.addEventListener("change", function () {
      var asked = ++latest;
      if (!province.value) {
        fill(regency, []);
        regency.disabled = false;
        return;
      }
      regency.disabled = true;
      fetch(url + "?province=" + encodeURIComponent(province.value), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.ok ? response.json() : [];
        })
        .then(function (regencies) {
          if (asked === latest) {
            fill(regency, regencies);
          }
        })
        .catch(function () {
          // Offline or the server failed: show the button again so the page still works.
          Array.prototype.forEach.call(refresh, function (button) {
            var holder = button.parentElement && button.parentElement.tagName === "P" ? button.parentElement : button;
            holder.hidden = false;
          });
        })
        .then(function () {
          if (asked === latest) {
            regency.disabled = false;
          }
        });
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-regencies-url]"), connect);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
