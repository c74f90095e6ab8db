"""Issue #14, finding 2: a document template is data, never code.

The attack: an administrator (or anyone who can put a file in the template storage) uploads a DOCX whose text is
`{{ cycler.__init__.__globals__.os.popen(...) }}`; docxtpl's default Jinja environment ran it at upload (the
check rendered the template) and at every render. Each test replays it and asserts the effect: the command did
not run (its marker file does not exist) and the record (the template row, the stored file, the audit) is
unchanged.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document

from tdkt.audit.models import AuditEvent
from tdkt.nominations import documents, services
from tdkt.nominations.documents import contexts, fields, sandbox
from tdkt.nominations.documents.templates import DEFAULTS
from tdkt.nominations.models import DocumentTemplate
from tdkt.nominations.tests.test_services import SIGNER, dossier_for, meeting, to_council
from tdkt.org.tests.factories import client_for


def docx(*paragraphs: str, header: str = "", title: str = "") -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if title:
        document.core_properties.title = title
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def payload(marker) -> str:
    return f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"


def upload(data: bytes, name: str = "mau.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.fixture
def storage(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path / "private" / "mau-van-ban"


@pytest.fixture
def issued(flow):
    """A dossier of Cục Chính trị through to its decision 1/QĐ-CCT (one award)."""
    org = flow.org
    dossier = dossier_for(flow)
    item = services.item_add(actor=org.officer_a, dossier=dossier, entry=flow.entry("CSTT"), person=org.person_a)
    to_council(flow, dossier)
    sitting = meeting(flow, dossier)
    services.tally_record(actor=org.council_a, meeting=sitting, item=item, agree=8, disagree=1, abstain=0, invalid=0)
    services.dossier_transition(actor=org.council_a, dossier=dossier, action="close_vote")
    return services.decision_issue(
        actor=org.commander, dossier=dossier, signed_on=timezone.localdate(), signer=SIGNER, idempotency_key="safe-1"
    )


def _state(storage):
    rows = list(DocumentTemplate.objects.values_list("name", "sha256", "size", "original_name", "uploaded_at"))
    files = {p.name: p.read_bytes() for p in storage.iterdir()} if storage.exists() else {}
    return rows, files, AuditEvent.objects.count()


def test_an_uploaded_payload_is_refused_and_never_runs(flow, storage, tmp_path, django_capture_on_commit_callbacks):
    admin = flow.org.admin
    with django_capture_on_commit_callbacks(execute=True):  # an earlier, valid replacement stays in force
        services.document_template_replace(actor=admin, name="quyet_dinh", upload=upload(docx("MẪU {{ number }}")))
    before = _state(storage)
    marker = tmp_path / "pwned-at-upload"
    page = reverse("nominations:templates")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin).post(
            page, {"name": "quyet_dinh", "file": upload(docx(payload(marker)))}, follow=True
        )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Mẫu văn bản không dùng được" in text and "«cycler» không phải trường của văn bản này" in text
    assert "«__globals__»" in text
    assert not marker.exists()
    assert _state(storage) == before  # same row, same stored file, no temporary file left, no audit event


@pytest.mark.parametrize(
    "where",
    [
        {"paragraphs": ["{{ lipsum.__globals__.os.popen('touch MARKER').read() }}"]},
        {"paragraphs": ["{{ number.__class__.__mro__[1].__subclasses__() }}"]},
        {"paragraphs": ["{{ (number|attr('__class__')) }}"]},
        {"paragraphs": ["{{ self._TemplateReference__context }}"]},
        {"paragraphs": ["{% for x in range(10) %}{{ x }}{% endfor %}"]},
        {"paragraphs": ["{% include 'x' %}"]},
        {"paragraphs": ["Số {{ number }}"], "header": "{{ cycler.__init__.__globals__ }}"},
        {"paragraphs": ["Số {{ number }}"], "title": "{{ joiner.__init__.__globals__ }}"},
    ],
    ids=["lipsum", "mro", "attr-filter", "self", "range", "include", "in-header", "in-properties"],
)
def test_every_way_out_of_the_context_is_refused_at_upload(flow, storage, where):
    data = docx(*where["paragraphs"], header=where.get("header", ""), title=where.get("title", ""))
    before = _state(storage)
    with pytest.raises(ValidationError) as refused:
        services.document_template_replace(actor=flow.org.admin, name="quyet_dinh", upload=upload(data))
    assert "Mẫu văn bản không dùng được" in str(refused.value)
    assert _state(storage) == before


def test_a_row_column_that_does_not_exist_is_named(flow, storage):
    data = docx("{%p for row in rows %}", "{{ row.n }}. {{ row.ten }}", "{%p endfor %}")
    with pytest.raises(ValidationError, match="«row.ten» không phải cột của «rows»"):
        services.document_template_replace(actor=flow.org.admin, name="quyet_dinh", upload=upload(data))
    assert not DocumentTemplate.objects.exists()


def test_a_payload_put_in_storage_by_hand_does_not_run_at_render(flow, issued, storage, tmp_path):
    """A file placed in the storage (and its row) without the check: the render refuses it, in Vietnamese."""
    marker = tmp_path / "pwned-at-render"
    storage.mkdir(parents=True)
    data = docx(payload(marker))
    (storage / "quyet_dinh.docx").write_bytes(data)
    DocumentTemplate.objects.create(
        name="quyet_dinh", sha256="0" * 64, size=len(data), original_name="x.docx", uploaded_by=flow.org.admin
    )
    dossier = issued.dossier
    url = reverse("nominations:document", args=[dossier.pk, "quyet-dinh"]) + f"?so={issued.pk}"
    response = client_for(flow.org.commander).get(url, follow=True)
    assert response.status_code == 200 and response.redirect_chain  # back to the dossier, not a 500
    text = response.content.decode()
    assert "Không tạo được văn bản" in text and "«cycler» không phải trường của văn bản này" in text
    assert not marker.exists()


def test_the_sandbox_stops_the_payload_even_without_the_check(tmp_path):
    """The render itself is sandboxed: the payload given straight to `render` raises SecurityError inside
    (shown as TemplateUnusable, in Vietnamese) and the command does not run."""
    marker = tmp_path / "pwned-in-sandbox"
    for source in (
        payload(marker),
        f"{{{{ number.__class__.__mro__[1].__subclasses__() }}}}{marker}",
        "{{ rows.append(1) }}",
        "{{ number * 100000000 }}",
    ):
        with pytest.raises(documents.TemplateUnusable, match="Không tạo được văn bản") as refused:
            documents.render("quyet_dinh", {"number": "1/QĐ", "rows": []}, template=docx(source))
        assert "bị chặn" in refused.value.message or "quá dài" in refused.value.message
    assert not marker.exists()


def test_a_valid_custom_template_still_works(flow, issued, storage, django_capture_on_commit_callbacks):
    data = docx(
        "QUYẾT ĐỊNH RIÊNG số {{ number }} {{ date_words }}",
        "{%p for row in rows %}",
        "{{ row.n }}. {{ row.name|upper }} — {{ row.award }}",
        "{%p endfor %}",
        "{% if signer_name %}{{ signer_title }} {{ signer_name }}{% endif %}",
        header="{{ issuing_body }}",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.document_template_replace(actor=flow.org.admin, name="quyet_dinh", upload=upload(data))
    assert DocumentTemplate.objects.filter(name="quyet_dinh").exists()
    _, rendered = contexts.decision_document(issued)
    lines = [p.text for p in Document(io.BytesIO(rendered)).paragraphs]
    assert lines[0] == f"QUYẾT ĐỊNH RIÊNG số 1/QĐ-CCT {documents.date_words(timezone.localdate())}"
    assert "1. ĐẶNG VĂN ĐỨC — Chiến sĩ tiên tiến" in lines
    assert "CHỦ NHIỆM Nguyễn Văn Bình" in lines


def test_every_default_template_passes_the_check():
    for name, (_, build) in DEFAULTS.items():
        assert sandbox.problems(name, build()) == [], name
    assert set(fields.FIELDS) == set(DEFAULTS)


def test_the_templates_page_lists_the_names_from_the_one_source(flow):
    page = client_for(flow.org.admin).get(reverse("nominations:templates")).content.decode()
    for name in DEFAULTS:
        for field in fields.FIELDS[name]:
            assert f"<code>{field.name}</code>" in page
            for column in field.columns:
                assert f"<code>{column.name}</code>" in page


def test_every_context_builder_gives_exactly_the_documented_names(flow, issued, monkeypatch):
    """`fields.FIELDS` is the one source: what the check allows is what the builders give, name for name and
    column for column (a name added to a context without its entry fails here)."""
    from tdkt.reports import exports
    from tdkt.reports.summary import annual_summary

    seen = {}

    def capture(name, context, *, template=None):
        seen[name] = context
        return docx("")

    monkeypatch.setattr(contexts, "render", capture)
    monkeypatch.setattr(exports, "render", capture)
    dossier, org = issued.dossier, flow.org
    contexts.submission_document(dossier)
    contexts.minutes_document(dossier.meetings.first())
    contexts.decision_document(issued)
    contexts.achievement_report(item=dossier.items.first())
    contexts.achievement_report(unit=dossier.unit, year=2025)
    exports.summary_docx(annual_summary(year=2025, unit=org.a))
    exports.history_docx(org.person_a)
    assert set(seen) == set(DEFAULTS)
    for name, context in seen.items():
        assert set(context) == fields.names(name), name
        for list_name, keys in fields.columns(name).items():
            # the flow fills every table but the collective's years (its rows are the person's, checked there)
            assert context[list_name] or name == "bao_cao_tap_the", (name, list_name)
            assert all(set(row) == keys for row in context[list_name]), (name, list_name)


def test_every_render_path_refuses_a_stored_payload_in_vietnamese(flow, storage, tmp_path):
    """The summary (page and `tdkt report`) and the record history are documents too: same check, no 500."""
    from django.core.management import CommandError, call_command

    org = flow.org
    marker = tmp_path / "pwned-elsewhere"
    storage.mkdir(parents=True)
    for name in ("bao_cao_tong_ket", "qua_trinh"):
        (storage / f"{name}.docx").write_bytes(docx(payload(marker)))
    client = client_for(org.officer_a)
    summary = client.get(reverse("reports:summary"), {"nam": 2025, "don_vi": "CCT", "xuat": "docx"})
    assert summary.status_code == 409 and "Không tạo được văn bản" in summary.content.decode()
    assert "Content-Disposition" not in summary
    history = client.get(reverse("reports:history", args=["ca-nhan", org.person_a.pk]), follow=True)
    assert history.redirect_chain and "Không tạo được văn bản" in history.content.decode()
    with pytest.raises(CommandError, match="Không tạo được văn bản"):
        call_command(
            "report", "summary", "--year", "2025", "--unit", "CCT", "--format", "docx", "--output", tmp_path / "x.docx"
        )
    assert not marker.exists() and not (tmp_path / "x.docx").exists()


AMPLIFIERS = [
    "{{ number|center(2000000000)|length }}",
    "{{ '%2000000000s'|format(number) }}",
    "{{ '%2000000000s' % number }}",
    "{{ '{:>2000000000}'.format(number) }}",
    "{{ number|indent(2000000000, true) }}",
    "{{ number|wordwrap(1, wrapstring='x' * 10000)|wordwrap(2000000000) }}",
    "{{ rows|batch(2000000000, 'x')|list|length }}",
    "{{ rows|slice(2000000000)|list|length }}",
]


@pytest.mark.parametrize("source", AMPLIFIERS)
def test_a_template_asking_for_a_gigabyte_string_is_refused_at_upload(flow, storage, source):
    """The attack: `center(2000000000)` / `'%2000000000s'|format(...)` passed the check, then each render took
    6 s and 2 GB. Now the constant width is refused at upload, in Vietnamese, and no row changes."""
    before = _state(storage)
    with pytest.raises(ValidationError) as refused:
        services.document_template_replace(actor=flow.org.admin, name="quyet_dinh", upload=upload(docx(source)))
    assert "Mẫu văn bản không dùng được" in str(refused.value) and "quá lớn" in str(refused.value)
    assert _state(storage) == before


@pytest.mark.parametrize(
    "source",
    [
        *AMPLIFIERS,
        "{{ number|center(number|length * 100000000) }}",
        "{{ ('%' ~ (number|length * 100000000) ~ 's')|format(number) }}",
        "{{ ('%' ~ (number|length * 100000000) ~ 's') % number }}",
        "{{ ('{:>' ~ (number|length * 100000000) ~ '}').format(number) }}",
        "{{ '%*s' % (2000000000, number) }}",
        "{{ 'xxxxxxxxxx'|replace('x', 'x' * 10)|replace('x', 'x' * 10)|replace('x', 'x' * 10)"
        "|replace('x', 'x' * 10)|replace('x', 'x' * 10)|replace('x', 'x' * 10) }}",
    ],
)
def test_a_width_computed_at_render_is_refused_quickly(source):
    """The render bounds hold without the upload check (a width built at render time, or a stored file)."""
    import time

    started = time.monotonic()
    with pytest.raises(documents.TemplateUnusable, match="Không tạo được văn bản") as refused:
        documents.render("quyet_dinh", {"number": "1/QĐ", "rows": [{"n": 1}]}, template=docx(source))
    assert any(words in refused.value.message for words in ("quá lớn", "quá dài", "không được dùng"))
    assert time.monotonic() - started < 2


def test_bounded_filters_and_formats_still_work(flow, issued, storage, django_capture_on_commit_callbacks):
    data = docx(
        "[{{ number|center(12) }}] [{{ '%-8s' % number }}] [{{ '%05d'|format(7) }}] [{{ '{:>8}'.format(number) }}]",
        "{{ number|replace('CCT', 'Cục') }} {{ 'a b c d'|wordwrap(3, wrapstring=' / ') }} 100%",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.document_template_replace(actor=flow.org.admin, name="quyet_dinh", upload=upload(data))
    _, rendered = contexts.decision_document(issued)
    lines = [p.text for p in Document(io.BytesIO(rendered)).paragraphs]
    assert lines[0] == "[  1/QĐ-CCT  ] [1/QĐ-CCT] [00007] [1/QĐ-CCT]"
    assert lines[1] == "1/QĐ-Cục a b / c d 100%"
