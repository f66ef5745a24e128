// Payee page (finance/payees/payee.html): show the bank fields the chosen country's scheme
// uses, with its labels and currencies. The server checks the same rules without this.
(function () {
  const form = document.getElementById("payee-form");
  const source = document.getElementById("payee-schemes");
  if (!form || !source) { return; }
  const schemes = JSON.parse(source.textContent);
  const country = form.elements.namedItem("bank_country");
  const currency = form.elements.namedItem("currency");
  const bankFields = ["iban", "account_number", "bic", "bank_code", "branch_code"];
  const defaultLabels = {};
  form.querySelectorAll("[data-label-for]").forEach((label) => {
    defaultLabels[label.dataset.labelFor] = label.textContent;
  });
  const row = (name) => form.querySelector(`[data-field="${name}"]`);
  const methodIsBank = () => {
    const checked = form.querySelector('input[name="method"]:checked');
    return !checked || checked.value === "pain001";
  };

  function update() {
    const scheme = schemes[country.value];
    const bank = methodIsBank() || Boolean(country.value);
    ["account_holder", "currency"].forEach((name) => { row(name).hidden = !bank || !scheme; });
    bankFields.forEach((name) => {
      const shown = Boolean(scheme) && scheme.fields.includes(name);
      row(name).hidden = !shown;
      const input = form.elements.namedItem(name);
      input.required = shown && scheme.required.includes(name) && methodIsBank();
      const label = form.querySelector(`[data-label-for="${name}"]`);
      if (label) { label.textContent = (scheme && scheme.labels[name]) || defaultLabels[name]; }
    });
    Array.from(currency.options).forEach((option) => {
      option.hidden = Boolean(option.value) && Boolean(scheme) && !scheme.currencies.includes(option.value);
    });
  }
  form.addEventListener("change", update);
  update();
})();
