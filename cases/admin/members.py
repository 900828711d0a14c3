"""Members in one step: the User admin gets an "Add member" form (username, email, curator or
editor) that calls cases.groups.make_member, as `manage.py create_member` does, and shows the
new account's password once. Who may use it is Django's own add-user permission."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import path

from ..groups import ROLES, make_member

User = get_user_model()


class AddMemberForm(forms.Form):
    username = forms.CharField(
        max_length=User._meta.get_field(User.USERNAME_FIELD).max_length,
        validators=User._meta.get_field(User.USERNAME_FIELD).validators,
        help_text="Letters, digits and @ . + - _ only.",
    )
    email = forms.EmailField(required=False)
    role = forms.ChoiceField(
        choices=[(role, role.capitalize()) for role in ROLES],
        help_text="Curators create and edit drafts; editors also publish and delete.",
    )

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User._default_manager.filter(**{f"{User.USERNAME_FIELD}__iexact": username}).exists():
            raise ValidationError(
                f"“{username}” already has an account. To change their role, edit their groups "
                "on their user page, or run `manage.py create_member NAME --role ROLE`."
            )
        return username


class MemberUserAdmin(UserAdmin):
    """Django's User admin, plus the "Add member" form."""

    change_list_template = "admin/auth/user/member_change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.add_member_view)
        return [path("add-member/", view, name="auth_user_add_member"), *super().get_urls()]

    def add_member_view(self, request: HttpRequest) -> TemplateResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = AddMemberForm(request.POST or None)
        member = password = None
        if request.method == "POST" and form.is_valid():
            try:
                member, password = make_member(**form.cleaned_data)
            except ValidationError as exc:
                # The service names the field to fix; anything else is the form's own error.
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Add member",
            "form": form,
            "member": member,
            "password": password,
        }
        status = 400 if form.is_bound and form.errors else 200
        return TemplateResponse(request, "admin/auth/user/add_member.html", context, status=status)


admin.site.unregister(User)
admin.site.register(User, MemberUserAdmin)
