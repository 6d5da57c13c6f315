"""The delivery zones as data: Yerevan's twelve districts, the ten regions, and the default zone
for a Yerevan address that names no district. Each with the names an address may carry (English,
Armenian, Russian). No capacity is seeded: a zone without capacity rows is not limited."""

from django.db import migrations

YEREVAN = [
    ("ajapnyak", "Ajapnyak", ["Ajapnyak", "Աջափնյակ", "Аджапняк"]),
    ("arabkir", "Arabkir", ["Arabkir", "Արաբկիր", "Арабкир"]),
    ("avan", "Avan", ["Avan", "Ավան", "Аван"]),
    ("davtashen", "Davtashen", ["Davtashen", "Դավթաշեն", "Давташен"]),
    ("erebuni", "Erebuni", ["Erebuni", "Էրեբունի", "Эребуни"]),
    ("kanaker-zeytun", "Kanaker-Zeytun",
     ["Kanaker-Zeytun", "Kanaker", "Zeytun", "Քանաքեռ-Զեյթուն", "Канакер-Зейтун"]),
    ("kentron", "Kentron", ["Kentron", "Կենտրոն", "Кентрон"]),
    ("malatia-sebastia", "Malatia-Sebastia",
     ["Malatia-Sebastia", "Malatia", "Մալաթիա-Սեբաստիա", "Малатия-Себастия"]),
    ("nork-marash", "Nork-Marash", ["Nork-Marash", "Նորք-Մարաշ", "Норк-Мараш"]),
    ("nor-nork", "Nor Nork", ["Nor Nork", "Nor-Nork", "Նոր Նորք", "Нор-Норк", "Нор Норк"]),
    ("nubarashen", "Nubarashen", ["Nubarashen", "Նուբարաշեն", "Нубарашен"]),
    ("shengavit", "Shengavit", ["Shengavit", "Շենգավիթ", "Шенгавит"]),
]
REGIONS = [
    ("aragatsotn", "Aragatsotn", ["Aragatsotn", "Ashtarak", "Արագածոտն", "Арагацотн"]),
    ("ararat", "Ararat", ["Ararat", "Artashat", "Արարատ", "Арарат"]),
    ("armavir", "Armavir", ["Armavir", "Vagharshapat", "Ejmiatsin", "Etchmiadzin", "Արմավիր",
                            "Армавир"]),
    ("gegharkunik", "Gegharkunik", ["Gegharkunik", "Sevan", "Գեղարքունիք", "Гегаркуник"]),
    ("kotayk", "Kotayk", ["Kotayk", "Hrazdan", "Tsaghkadzor", "Կոտայք", "Котайк"]),
    ("lori", "Lori", ["Lori", "Vanadzor", "Լոռի", "Лори"]),
    ("shirak", "Shirak", ["Shirak", "Gyumri", "Շիրակ", "Ширак", "Гюмри"]),
    ("syunik", "Syunik", ["Syunik", "Kapan", "Goris", "Սյունիք", "Сюник"]),
    ("tavush", "Tavush", ["Tavush", "Dilijan", "Ijevan", "Տավուշ", "Тавуш"]),
    ("vayots-dzor", "Vayots Dzor", ["Vayots Dzor", "Jermuk", "Վայոց Ձոր", "Вайоц Дзор"]),
]
DEFAULT = ("yerevan", "Yerevan (no district named)")


def seed(apps, schema_editor):
    Zone, ZoneArea = apps.get_model("delivery", "Zone"), apps.get_model("delivery", "ZoneArea")
    Zone.objects.get_or_create(code=DEFAULT[0], defaults={"name": DEFAULT[1], "is_default": True})
    for code, name, areas in YEREVAN + REGIONS:
        zone, _ = Zone.objects.get_or_create(code=code, defaults={"name": name})
        for area in areas:
            ZoneArea.objects.get_or_create(name=area, defaults={"zone": zone})


class Migration(migrations.Migration):
    dependencies = [("delivery", "0010_capacity_ledger")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
