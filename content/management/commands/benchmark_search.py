"""Seed N modules in each of the seven languages in a throw-away database and time search.

    python manage.py benchmark_search --modules 300 --requests 20

Prints how long the search index takes to build (`manage.py update_index`) and, for two
searches in each language (a topic word found in one module in five, and a word found in
every module), the number of modules found, the median and 95th-percentile time of the
search query alone and of the whole backpack page. Uses a fresh test database (SQLite, or
PostgreSQL when DATABASE_URL is set), so it never touches real data. Figures, not
pass/fail: compare runs (decision 0020).
"""

import statistics
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.utils import translation
from wagtail.models import Locale

from content.management.benchmark_database import (
    add_current_database_argument,
    benchmark_database,
)
from content.services import site_structure_ensure
from modules.models import TrainingModulePage
from reference.search_text import search_query

# (title, summary) of five topics in each language: module n is about topic n % 5. Every
# summary names the group, so the second query of each language finds every module.
TOPICS = {
    "en": [
        ("Holding group meetings", "How members prepare and run the meetings of the group."),
        ("Using pesticides safely", "Storing, mixing and spraying pesticides without harm."),
        ("Keeping the group's records", "Registers of members, sales and the group's accounts."),
        ("Quality control of the harvest", "Sorting and drying so the group sells better."),
        ("Selling together", "The group negotiates one price with the buyers."),
    ],
    "fr": [
        ("Tenir les réunions du groupement", "Préparer et animer les réunions du groupement."),
        ("Utiliser les pesticides sans danger", "Stocker et pulvériser, pour le groupement."),
        ("Tenir les registres", "Registres des membres, des ventes et des comptes du groupement."),
        ("Contrôle de la qualité", "Trier et sécher pour que le groupement vende mieux."),
        ("Vendre ensemble", "Le groupement négocie un seul prix avec les acheteurs."),
    ],
    "pt": [
        ("Realizar as reuniões", "Como os membros preparam as reuniões do grupo."),
        ("Usar agrotóxicos com segurança", "Armazenar e aplicar sem prejudicar o grupo."),
        ("Manter os registros", "Registros de membros, vendas e contas do grupo."),
        ("Controle da qualidade da colheita", "Selecionar e secar para que o grupo venda melhor."),
        ("Vender juntos", "O grupo negocia um único preço com os compradores."),
    ],
    "id": [
        ("Mengadakan rapat", "Cara anggota menyiapkan dan memimpin rapat kelompok."),
        ("Menggunakan pestisida dengan aman", "Menyimpan dan menyemprot tanpa bahaya kelompok."),
        ("Mencatat pembukuan", "Daftar anggota, penjualan dan keuangan kelompok."),
        ("Pengendalian mutu panen", "Menyortir dan mengeringkan agar kelompok menjual lebih baik."),
        ("Menjual bersama", "Kelompok menawar satu harga dengan pembeli."),
    ],
    "th": [
        ("การประชุมของเกษตรกร", "สมาชิกเตรียมและดำเนินการประชุมของกลุ่มอย่างไร"),
        ("การใช้ยาฆ่าแมลงอย่างปลอดภัย", "การเก็บและฉีดพ่นยาโดยไม่เป็นอันตรายต่อสมาชิกกลุ่ม"),
        ("การบันทึกบัญชี", "ทะเบียนสมาชิก การขาย และบัญชีของกลุ่ม"),
        ("การควบคุมคุณภาพผลผลิต", "การคัดแยกและตากแห้งเพื่อให้กลุ่มขายได้ดีขึ้น"),
        ("การขายร่วมกัน", "กลุ่มต่อรองราคาเดียวกับผู้ซื้อ"),
    ],
    "vi": [
        ("Tổ chức các cuộc họp", "Cách thành viên chuẩn bị và điều hành cuộc họp của nhóm."),
        ("Sử dụng thuốc trừ sâu an toàn", "Cất giữ và phun thuốc mà không gây hại cho nhóm."),
        ("Ghi chép sổ sách", "Sổ thành viên, bán hàng và tài chính của nhóm."),
        ("Kiểm soát chất lượng", "Phân loại và phơi khô để nhóm bán được giá tốt hơn."),
        ("Cùng nhau bán hàng", "Nhóm thương lượng một giá với người mua."),
    ],
    "my": [
        ("အစည်းအဝေးများကျင်းပနည်း", "အဖွဲ့ဝင်များက အုပ်စု၏ အစည်းအဝေးကို ပြင်ဆင်ကျင်းပပုံ"),
        ("ပိုးသတ်ဆေးကိုဘေးကင်းစွာသုံးခြင်း", "အုပ်စုအဖွဲ့ဝင်များ ဘေးမဖြစ်စေဘဲ သိုလှောင်ဖျန်းပုံ"),
        ("စာရင်းများထိန်းသိမ်းခြင်း", "အဖွဲ့ဝင်စာရင်း၊ အရောင်းနှင့် အုပ်စု၏ငွေစာရင်း"),
        ("အရည်အသွေးထိန်းချုပ်ခြင်း", "အုပ်စုက ပိုကောင်းစွာ ရောင်းနိုင်ရန် ရွေးချယ်ခြောက်သွေ့ခြင်း"),
        ("အတူတကွရောင်းချခြင်း", "အုပ်စုက ဝယ်သူများနှင့် စျေးနှုန်းတစ်ခုတည်း ညှိနှိုင်းသည်"),
    ],
}
# (a word of topic 0, a word of every module) in each language.
QUERIES = {
    "en": ("meeting", "group"),
    "fr": ("reunion", "groupement"),
    "pt": ("reunioes", "grupo"),
    "id": ("rapat", "kelompok"),
    "th": ("การประชุม", "กลุ่ม"),
    "vi": ("cuoc hop", "nhom"),
    "my": ("အစည်းအဝေး", "အုပ်စု"),
}


class Command(BaseCommand):
    help = "Time search in the seven languages with N modules in each (median and p95)."

    def add_arguments(self, parser):
        parser.add_argument("--modules", type=int, default=300, help="Modules per language.")
        parser.add_argument("--requests", type=int, default=20, help="Runs of each search.")
        add_current_database_argument(parser)

    def handle(self, *args, modules, requests, **options):
        # The whole page is rendered every time: the anonymous page cache (issue 19)
        # would otherwise answer all but the first request from memory (0.2 ms).
        with (
            benchmark_database(current=options["current_database"]),
            override_settings(
                DEBUG=False, ALLOWED_HOSTS=["localhost"], BACKPACK_PAGE_CACHE_SECONDS=0
            ),
        ):
            pages, index_seconds = self._seed(count=modules)
            rows = self._measure(requests=requests)

        self.stdout.write(
            f"Search benchmark: {modules} modules x {len(TOPICS)} languages ({pages} pages), "
            f"{requests} runs per search, {connection.vendor}"
        )
        self.stdout.write(f"Index rebuilt (manage.py update_index) in {index_seconds:.1f} s")
        self.stdout.write(
            f"{'language':<10}{'query':<14}{'found':>6}"
            f"{'search median':>15}{'p95':>9}{'page median':>13}{'p95':>9}"
        )
        for language, query, found, search, page in rows:
            self.stdout.write(
                f"{language:<10}{query:<14}{found:>6}"
                f"{statistics.median(search):>13.1f}ms{_p95(search):>7.1f}ms"
                f"{statistics.median(page):>11.1f}ms{_p95(page):>7.1f}ms"
            )

    def _seed(self, *, count):
        backpack = site_structure_ensure()
        locales = {locale.language_code: locale for locale in Locale.objects.all()}
        # Pages are not indexed one by one as they are made: update_index does it below.
        backend = {**settings.WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False}
        with override_settings(WAGTAILSEARCH_BACKENDS={"default": backend}):
            for n in range(count):
                self._module(backpack=backpack, locales=locales, n=n)
        pages = TrainingModulePage.objects.count()
        start = time.perf_counter()
        call_command("update_index", verbosity=0)
        return pages, time.perf_counter() - start

    def _module(self, *, backpack, locales, n):
        # Factories are a development dependency, not installed in production, where this
        # command is never run: imported only when it is.
        from modules.factories import TrainingModulePageFactory

        original = TrainingModulePageFactory(parent=backpack, code=f"BS-{n:03d}", **_text("en", n))
        for language in TOPICS:
            if language == "en":
                continue
            translated = original.copy_for_translation(locales[language], copy_parents=True)
            for name, value in _text(language, n).items():
                setattr(translated, name, value)
            translated.live = True
            translated.save()

    def _measure(self, *, requests):
        client = Client(SERVER_NAME="localhost")
        rows = []
        for language, queries in QUERIES.items():
            prefix = "" if language == "en" else f"/{language}"
            # As the backpack searches: the pages to search chosen in the database first.
            in_language = TrainingModulePage.objects.filter(
                pk__in=TrainingModulePage.objects.live()
                .filter(locale__language_code=language)
                .values("pk")
            )
            for query in queries:
                with translation.override(language):
                    words = search_query(query, language=language)
                    results = in_language.search(words)
                    found = results.count()
                    search = _timed(requests, lambda r=results: (list(r[:12]), r.count()))
                url = f"{prefix}/backpack/"
                page = _timed(requests, lambda u=url, q=query: _get(client, u, q))
                rows.append((language, query, found, search, page))
        return rows


def _text(language, n):
    title, summary = TOPICS[language][n % 5]
    return {
        "title": f"{title} {n}",
        "summary": summary,
        # A body of a few hundred words, as a module's is.
        "body": [{"type": "text", "value": f"<p>{title}. {summary} {summary}</p>"}] * 12,
    }


def _timed(runs, call):
    call()  # warm-up
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def _get(client, url, query):
    response = client.get(url, {"q": query})
    assert response.status_code == 200, (url, response.status_code)


def _p95(values):
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]
