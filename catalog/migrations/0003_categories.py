"""The 17 categories the company sells. Two are mourning goods (no festive add-ons with them)."""

from django.db import migrations

CATEGORIES = [
    # code, English, Russian, Armenian, mourning
    ("bouquets", "Bouquets", "Букеты", "Ծաղկեփնջեր", False),
    ("flower-boxes", "Flower boxes", "Цветы в коробках", "Ծաղիկներ տուփերում", False),
    ("compositions", "Flower compositions in vases and baskets", "Композиции в вазах и корзинах",
     "Ծաղկային կոմպոզիցիաներ ծաղկամաններում և զամբյուղներում", False),
    ("sweets", "Sweets bouquets and sets", "Букеты и наборы из сладостей",
     "Քաղցրավենիքի փնջեր և հավաքածուներ", False),
    ("chocolate-strawberries", "Chocolate-covered strawberry sets", "Клубника в шоколаде",
     "Շոկոլադապատ ելակի հավաքածուներ", False),
    ("fruit-baskets", "Fruit baskets and bouquets", "Фруктовые корзины и букеты",
     "Մրգային զամբյուղներ և փնջեր", False),
    ("food-baskets", "Food baskets and edible bouquets", "Продуктовые корзины и съедобные букеты",
     "Սննդային զամբյուղներ և ուտելի փնջեր", False),
    ("gift-sets", "Gift sets", "Подарочные наборы", "Նվերների հավաքածուներ", False),
    ("cakes", "Cakes", "Торты", "Տորթեր", False),
    ("drinks", "Drinks", "Напитки", "Խմիչքներ", False),
    ("balloons", "Balloons", "Воздушные шары", "Փուչիկներ", False),
    ("perfume", "Perfume", "Парфюмерия", "Օծանելիք", False),
    ("soft-toys", "Soft toys", "Мягкие игрушки", "Փափուկ խաղալիքներ", False),
    ("plants", "Plants", "Растения", "Բույսեր", False),
    ("souvenirs", "Souvenirs", "Сувениры", "Հուշանվերներ", False),
    ("funeral", "Funeral bouquets and baskets", "Траурные букеты и корзины",
     "Սգո ծաղկեփնջեր և զամբյուղներ", True),
    ("wreaths", "Wreaths", "Венки", "Ծաղկեպսակներ", True),
]


def create(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    for position, (code, en, ru, hy, mourning) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(
            code=code,
            defaults={"name_en": en, "name_ru": ru, "name_hy": hy, "is_mourning": mourning,
                      "position": position},
        )


def remove(apps, schema_editor):
    apps.get_model("catalog", "Category").objects.filter(
        code__in=[row[0] for row in CATEGORIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_initial")]
    operations = [migrations.RunPython(create, remove)]
