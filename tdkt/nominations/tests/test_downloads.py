"""Issue #14, finding 15, through the pages: a decision and an attachment download under their real names."""

from email.message import Message

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tdkt.nominations import services
from tdkt.nominations.tests.test_services import PDF, dossier_for
from tdkt.nominations.tests.test_template_safety import issued, storage  # noqa: F401  (fixtures)
from tdkt.org.tests.factories import client_for


def filename(response) -> str:
    message = Message()
    message["Content-Disposition"] = response["Content-Disposition"]
    assert [key for key, _ in message.get_params(header="content-disposition")] == ["attachment", "filename"]
    return message.get_filename()


def test_the_decision_downloads_under_its_vietnamese_name(flow, issued, storage):  # noqa: F811
    dossier = issued.dossier
    url = reverse("nominations:document", args=[dossier.pk, "quyet-dinh"]) + f"?so={issued.pk}"
    response = client_for(flow.org.commander).get(url)
    assert response.status_code == 200 and response.content[:2] == b"PK"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''quyet-dinh-1-Q%C4%90-CCT.docx"
    assert filename(response) == "quyet-dinh-1-QĐ-CCT.docx"


def test_an_attachment_named_with_a_quote_keeps_its_name_and_adds_no_parameter(flow, storage):  # noqa: F811
    name = 'Biên bản "họp"; filename=x.exe.pdf'
    attachment = services.attachment_add(
        actor=flow.org.officer_a, dossier=dossier_for(flow), upload=SimpleUploadedFile(name, PDF)
    )
    response = client_for(flow.org.officer_a).get(reverse("nominations:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    assert filename(response) == attachment.original_name
