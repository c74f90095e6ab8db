import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tdkt.core.text import control_character, control_character_message, fold, nfc, vi_sort_key


def test_fold_removes_tones_marks_and_d_bar():
    assert fold("Đặng Văn Đức") == "dang van duc"
    assert fold("  ĐẠI ÚY  Ưng   Ơn ") == "dai uy ung on"
    assert fold("Nguyễn Thị Ánh") == "nguyen thi anh"


def test_fold_treats_nfd_and_nfc_alike():
    name = "Lê Thị Thủy"
    assert fold(unicodedata.normalize("NFD", name)) == fold(name) == "le thi thuy"


def test_nfc_normalises_and_trims():
    decomposed = unicodedata.normalize("NFD", " Đặng ")
    assert decomposed != "Đặng"
    assert nfc(decomposed) == "Đặng"


def test_vietnamese_alphabetical_order():
    expected = [
        "An",
        "Ăn",
        "Ân",
        "Bùi",
        "Dương",
        "Đặng",
        "Đỗ",
        "Hồ",
        "Lê Anh",
        "Lê Ăn",
        "Nguyễn",
        "Ông",
        "Phạm",
        "Trần",
        "Vũ",
        "Vương",
    ]
    shuffled = list(reversed(expected))
    assert sorted(shuffled, key=vi_sort_key) == expected


def test_tones_order_after_letters():
    # Letters decide first; tones (ngang, huyền, hỏi, ngã, sắc, nặng) only break ties.
    assert sorted(["ạ", "á", "ã", "ả", "à", "a"], key=vi_sort_key) == ["a", "à", "ả", "ã", "á", "ạ"]
    assert sorted(["Lê Bé", "Le Be", "Lê An"], key=vi_sort_key) == ["Le Be", "Lê An", "Lê Bé"]


def test_prefix_sorts_first():
    assert sorted(["Lê Văn", "Lê"], key=vi_sort_key) == ["Lê", "Lê Văn"]


def test_sort_key_uses_digits_only_so_no_database_collation_can_reorder_it():
    assert vi_sort_key("Đặng Văn Đức, 12!").isdigit()


VIETNAMESE_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĐ "
vietnamese_text = st.text(alphabet=VIETNAMESE_LETTERS, max_size=30)


@given(vietnamese_text)
def test_fold_is_idempotent_and_ascii(text):
    folded = fold(text)
    assert fold(folded) == folded
    assert folded.isascii()


@given(vietnamese_text, vietnamese_text)
def test_sort_key_is_a_total_order_consistent_with_equality(a, b):
    ka, kb = vi_sort_key(a), vi_sort_key(b)
    assert (ka == kb) == (unicodedata.normalize("NFC", a) == unicodedata.normalize("NFC", b))


def test_bidirectional_overrides_are_control_characters():
    for char in [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))]:
        assert control_character(f"Trợ lý{char}x") == char
        assert control_character_message(char) == (
            f"Không được chứa ký tự điều khiển hướng chữ (mã U+{ord(char):04X}); hãy nhập lại nội dung."
        )
    for text in ("Trợ lý", "a\u2029b", "a\u202fb", "a\u2065b", "a\u206ab", "a\tb\nc"):
        assert control_character(text) is None
