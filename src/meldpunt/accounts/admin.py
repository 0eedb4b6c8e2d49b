"""The admin shows no accounts: staff are managed on /staff/people/, and no page may show
another person's TOTP secret or recovery codes, so allauth's MFA and e-mail models go."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group

for model in (Authenticator, EmailAddress, Group):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
