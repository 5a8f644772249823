"""Orders and payments: what members owe and how it is paid."""
