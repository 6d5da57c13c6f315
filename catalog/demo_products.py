"""The demo catalog: ~60 products over the 17 categories, with names in en, ru and hy."""

# category code -> [(sku, English, Russian, Armenian, price AMD)]
PRODUCTS = {
    "bouquets": [
        ("FB-ROSE-25", "25 red roses", "25 красных роз", "25 կարմիր վարդ", "25000"),
        ("FB-ROSE-51", "51 red roses", "51 красная роза", "51 կարմիր վարդ", "49000"),
        ("FB-SUN-P", "Mixed bouquet Sunrise (premium)", "Букет Рассвет (премиум)",
         "Արևածագ փունջ (պրեմիում)", "32000"),
        ("FB-TULIP-15", "15 tulips", "15 тюльпанов", "15 կակաչ", "12500"),
        ("FB-PEONY-9", "9 peonies", "9 пионов", "9 քաջվարդ", "27000"),
    ],
    "flower-boxes": [
        ("BX-ROSE-S", "Roses in a hat box, small", "Розы в шляпной коробке, малая",
         "Վարդեր տուփում, փոքր", "18000"),
        ("BX-ROSE-L", "Roses in a hat box, large", "Розы в шляпной коробке, большая",
         "Վարդեր տուփում, մեծ", "36000"),
        ("BX-MIX-M", "Seasonal flowers box", "Сезонные цветы в коробке", "Սեզոնային ծաղիկներ տուփում",
         "22000"),
        ("BX-HEART", "Heart box of roses", "Сердце из роз в коробке", "Սիրտ վարդերից տուփում",
         "41000"),
    ],
    "compositions": [
        ("CP-VASE-W", "White composition in a vase", "Белая композиция в вазе",
         "Սպիտակ կոմպոզիցիա ծաղկամանում", "29000"),
        ("CP-BASK-M", "Basket of spring flowers", "Корзина весенних цветов",
         "Գարնանային ծաղիկների զամբյուղ", "26000"),
        ("CP-BASK-L", "Grand basket of roses", "Большая корзина роз", "Վարդերի մեծ զամբյուղ",
         "58000"),
        ("CP-ORCH", "Orchid arrangement", "Композиция из орхидей", "Խոլորձների կոմպոզիցիա",
         "34000"),
    ],
    "sweets": [
        ("SW-CANDY-B", "Candy bouquet", "Букет из конфет", "Կոնֆետների փունջ", "13900"),
        ("SW-MACARON", "Macaron box of 24", "Макаруны, 24 шт.", "Մակարուններ, 24 հատ", "11000"),
        ("SW-GATA", "Armenian gata set", "Набор армянской гаты", "Գաթայի հավաքածու", "8500"),
        ("SW-CHOC-S", "Chocolate set", "Шоколадный набор", "Շոկոլադե հավաքածու", "9500"),
    ],
    "chocolate-strawberries": [
        ("CS-12", "12 strawberries in chocolate", "12 клубник в шоколаде",
         "12 ելակ շոկոլադով", "14000"),
        ("CS-24", "24 strawberries in chocolate", "24 клубники в шоколаде",
         "24 ելակ շոկոլադով", "26000"),
        ("CS-HEART", "Strawberry heart box", "Клубничное сердце", "Ելակե սիրտ", "19000"),
    ],
    "fruit-baskets": [
        ("FR-BASK-M", "Fruit basket, medium", "Фруктовая корзина, средняя",
         "Մրգային զամբյուղ, միջին", "21000"),
        ("FR-BASK-L", "Fruit basket, large", "Фруктовая корзина, большая",
         "Մրգային զամբյուղ, մեծ", "35000"),
        ("FR-BOUQ", "Fruit bouquet", "Фруктовый букет", "Մրգային փունջ", "17000"),
    ],
    "food-baskets": [
        ("FD-CHEESE", "Cheese and wine basket", "Корзина с сыром и вином",
         "Պանրի և գինու զամբյուղ", "39000"),
        ("FD-MEAT", "Edible bouquet of smoked meats", "Мясной букет", "Մսային փունջ", "28000"),
        ("FD-DRYFR", "Dried fruit and nuts basket", "Корзина сухофруктов и орехов",
         "Չրերի և ընկույզի զամբյուղ", "24000"),
    ],
    "gift-sets": [
        ("GS-SPA", "Spa gift set", "Спа-набор", "Սպա հավաքածու", "23000"),
        ("GS-COFFEE", "Coffee lover's set", "Набор для кофемана", "Սուրճի սիրահարի հավաքածու",
         "16000"),
        ("GS-MEN", "Gift set for him", "Подарочный набор для него", "Նվեր նրա համար", "30000"),
        ("GS-TEA", "Armenian herbal tea set", "Набор армянского травяного чая",
         "Հայկական բուսական թեյի հավաքածու", "9000"),
    ],
    "cakes": [
        ("CK-NAPOL", "Napoleon cake 1 kg", "Торт Наполеон 1 кг", "Նապոլեոն տորթ 1 կգ", "12000"),
        ("CK-HONEY", "Honey cake 1 kg", "Медовик 1 кг", "Մեղրով տորթ 1 կգ", "11000"),
        ("CK-CHOC", "Chocolate cake 1.5 kg", "Шоколадный торт 1,5 кг", "Շոկոլադե տորթ 1,5 կգ",
         "18000"),
    ],
    "drinks": [
        ("DR-WINE-R", "Areni red wine", "Красное вино Арени", "Արենի կարմիր գինի", "9000"),
        ("DR-BRANDY", "Armenian brandy 10 years", "Армянский коньяк 10 лет",
         "Հայկական կոնյակ 10 տարի", "22000"),
        ("DR-CHAMP", "Sparkling wine", "Игристое вино", "Փրփրուն գինի", "8000"),
    ],
    "balloons": [
        ("BL-HEART-5", "5 heart balloons", "5 шаров-сердец", "5 սիրտ փուչիկ", "5000"),
        ("BL-BDAY", "Happy birthday balloon set", "Набор шаров С днём рождения",
         "Ծնունդդ շնորհավոր փուչիկներ", "7500"),
        ("BL-NUM", "Number balloon", "Шар-цифра", "Թվանշան փուչիկ", "4500"),
    ],
    "perfume": [
        ("PF-W-50", "Women's perfume 50 ml", "Женский парфюм 50 мл", "Կանացի օծանելիք 50 մլ",
         "38000"),
        ("PF-M-50", "Men's perfume 50 ml", "Мужской парфюм 50 мл", "Տղամարդու օծանելիք 50 մլ",
         "36000"),
        ("PF-MINI", "Perfume miniatures set", "Набор миниатюр", "Մինի օծանելիքների հավաքածու",
         "15000"),
    ],
    "soft-toys": [
        ("TY-BEAR-S", "Teddy bear 30 cm", "Плюшевый мишка 30 см", "Փափուկ արջուկ 30 սմ", "6000"),
        ("TY-BEAR-L", "Teddy bear 100 cm", "Плюшевый мишка 100 см", "Փափուկ արջուկ 100 սմ",
         "19000"),
        ("TY-BUNNY", "Soft bunny", "Мягкий зайчик", "Փափուկ նապաստակ", "7000"),
    ],
    "plants": [
        ("PL-ORCH", "Potted orchid", "Орхидея в горшке", "Խոլորձ ծաղկամանում", "16000"),
        ("PL-FICUS", "Ficus", "Фикус", "Ֆիկուս", "14000"),
        ("PL-SUCC", "Succulent trio", "Трио суккулентов", "Սուկուլենտների եռյակ", "8000"),
    ],
    "souvenirs": [
        ("SV-POMEG", "Ceramic pomegranate", "Керамический гранат", "Կերամիկական նուռ", "6500"),
        ("SV-CARD", "Greeting card", "Открытка", "Բացիկ", "1000"),
        ("SV-CANDLE", "Candle set", "Набор свечей", "Մոմերի հավաքածու", "4500"),
    ],
    "funeral": [
        ("FN-BASK-W", "White funeral basket", "Белая траурная корзина", "Սպիտակ սգո զամբյուղ",
         "30000"),
        ("FN-BOUQ", "Funeral bouquet", "Траурный букет", "Սգո ծաղկեփունջ", "15000"),
        ("FN-CARN", "Carnations, even number", "Гвоздики, чётное число", "Մեխակներ, զույգ թիվ",
         "10000"),
    ],
    "wreaths": [
        ("WR-CLASSIC", "Classic wreath", "Классический венок", "Դասական ծաղկեպսակ", "45000"),
        ("WR-LARGE", "Large wreath with ribbon", "Большой венок с лентой",
         "Մեծ ծաղկեպսակ ժապավենով", "70000"),
        ("WR-SMALL", "Small wreath", "Малый венок", "Փոքր ծաղկեպսակ", "28000"),
    ],
}

# Which brands sell which categories.
BRAND_CATEGORIES = {
    "flowers": ["bouquets", "flower-boxes", "compositions", "plants", "funeral", "wreaths",
                "balloons", "soft-toys", "souvenirs"],
    "gifts": ["gift-sets", "perfume", "soft-toys", "souvenirs", "drinks", "food-baskets",
              "balloons", "fruit-baskets"],
    "sweets": ["sweets", "chocolate-strawberries", "cakes", "fruit-baskets", "food-baskets",
               "drinks", "balloons"],
}

# (category of the order, add-on SKU, festive?)
ADDON_RULES = [
    (category, sku, festive)
    for category in ("bouquets", "flower-boxes", "compositions", "plants")
    for sku, festive in (("SV-CARD", False), ("BL-HEART-5", True), ("SW-CHOC-S", True),
                         ("TY-BEAR-S", True), ("DR-CHAMP", True))
] + [
    (category, sku, festive)
    for category in ("funeral", "wreaths")
    for sku, festive in (("SV-CARD", False), ("SV-CANDLE", False), ("BL-HEART-5", True))
] + [
    (category, sku, True)
    for category in ("sweets", "cakes", "chocolate-strawberries", "gift-sets")
    for sku in ("BL-BDAY", "FB-TULIP-15", "SV-CARD")
]

# Stock locations: (English, Russian, Armenian, kind, priority).
LOCATIONS = [
    ("Shop Baghramyan", "Магазин на Баграмяна", "Խանութ Բաղրամյան", "shop", 1),
    ("Warehouse Arshakunyats", "Склад на Аршакуняц", "Պահեստ Արշակունյաց", "warehouse", 2),
    ("Supplier: Flora Import", "Поставщик: Флора Импорт", "Մատակարար՝ Ֆլորա Իմպորտ", "supplier", 3),
]

# Promotions: (English, Russian, Armenian names), (descriptions), kind, value, code, max uses,
# days left (negative: expired).
PROMOTIONS = [
    (("Winter -10%", "Зима -10%", "Ձմեռ -10%"),
     ("10% off every order this winter.", "Скидка 10% на любой заказ этой зимой.",
      "10% զեղչ ցանկացած պատվերի համար այս ձմռանը։"),
     "percent", "10", "WINTER10", None, 60),
    (("First order 2000 AMD", "Первый заказ: 2000 драмов", "Առաջին պատվեր՝ 2000 դրամ"),
     ("2,000 dram off your first order.", "Скидка 2000 драмов на первый заказ.",
      "2000 դրամ զեղչ առաջին պատվերի համար։"),
     "fixed", "2000", "HELLO2000", None, 365),
    (("Loyal customer -15%, single use", "Постоянный клиент -15%, один раз",
      "Մշտական հաճախորդ -15%, մեկանգամյա"),
     ("15% off once, for a customer who orders often.",
      "Скидка 15% один раз для постоянного клиента.",
      "15% մեկանգամյա զեղչ մշտական հաճախորդի համար։"),
     "percent", "15", "LOYAL-7KQ2", 1, 30),
    (("Autumn -20% (expired)", "Осень -20% (истекла)", "Աշուն -20% (ժամկետանց)"),
     ("20% off in autumn.", "Скидка 20% осенью.", "20% զեղչ աշնանը։"),
     "percent", "20", "AUTUMN20", None, -5),
]
