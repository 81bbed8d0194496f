from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "eduguard.accounts"
    label = "accounts"
    verbose_name = "用户与包联"
