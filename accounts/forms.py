"""The sign-in form: Django's, with the username's length actually checked.

Django's AuthenticationForm sets the username field's `max_length` after the field is
built, so no length validator runs: a 256-character username went on to authentication
and django-axes failed writing it to its 255-character column (a server error on
PostgreSQL). Here a longer username is a form error, before anything is authenticated
or recorded.
"""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class SignInForm(AuthenticationForm):
    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
        username.error_messages["max_length"] = (
            f"Enter a username of {username.max_length} characters or fewer."
        )
