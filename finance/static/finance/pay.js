// Stripe Payment Element on the pay page (finance/invoice_pay.html); Stripe.js loads first.
(function () {
  const read = (id) => JSON.parse(document.getElementById(id).textContent);
  const stripe = Stripe(read("stripe-key"));
  const elements = stripe.elements({clientSecret: read("client-secret"), locale: read("elements-locale")});
  elements.create("payment").mount("#payment-element");
  document.getElementById("payment-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const {error} = await stripe.confirmPayment({elements, confirmParams: {return_url: read("return-url")}});
    if (error) { document.getElementById("payment-message").textContent = error.message; }
  });
})();
