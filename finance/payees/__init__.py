"""Payees: where a party's royalties are paid (bank account in its country's scheme, or Stripe)."""
