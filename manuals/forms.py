from django import forms

from manuals.models import ManualDocument
from manuals.services import validate_manual_file


class ManualUploadForm(forms.ModelForm):
    """The upload page's fields; storing and splitting is manuals.services.upload_manual."""

    file = forms.FileField(label="PDF file", widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}))

    class Meta:
        model = ManualDocument
        fields = ["title", "manufacturer", "model", "revision"]

    def clean_file(self):
        file = self.cleaned_data["file"]
        validate_manual_file(file)
        return file
