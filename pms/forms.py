from django import forms


class SigningPinForm(forms.Form):
    current_password = forms.CharField(widget=forms.PasswordInput, label="Your password")
    pin = forms.RegexField(
        regex=r"^\d{6,12}$",
        widget=forms.PasswordInput,
        label="New signing PIN",
        error_messages={"invalid": "A signing PIN is 6 to 12 digits."},
    )
    pin_again = forms.CharField(widget=forms.PasswordInput, label="New signing PIN again")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_current_password(self):
        value = self.cleaned_data["current_password"]
        if not self.user.check_password(value):
            raise forms.ValidationError("That is not your password.")
        return value

    def clean(self):
        data = super().clean()
        if data.get("pin") and data.get("pin") != data.get("pin_again"):
            self.add_error("pin_again", "The two PINs differ.")
        return data
