"""Staff accounts: roles, login with MFA, and what each role may do."""
