"""The demo shop's content: customers, a catalog of sixty products and what people say of them.

Fixed lists, so every run creates the same shop.
"""

from __future__ import annotations

from dataclasses import dataclass

DEMO_CUSTOMERS = [
    ("alice@example.com", "alice"),
    ("bob@example.com", "bob"),
    ("carol@example.com", "carol"),
    ("dave@example.com", "dave"),
    ("erin@example.com", "erin"),
    ("frank@example.com", "frank"),
    ("grace@example.com", "grace"),
    ("heidi@example.com", "heidi"),
    ("ivan@example.com", "ivan"),
    ("judy@example.com", "judy"),
    ("mallory@example.com", "mallory"),
    ("niaj@example.com", "niaj"),
    ("olivia@example.com", "olivia"),
    ("peggy@example.com", "peggy"),
    ("rupert@example.com", "rupert"),
    ("sybil@example.com", "sybil"),
    ("trent@example.com", "trent"),
    ("victor@example.com", "victor"),
    ("walter@example.com", "walter"),
    ("yasmin@example.com", "yasmin"),
]


@dataclass(frozen=True)
class DemoProduct:
    name: str
    description: str
    price: str  # a Decimal literal: money never passes through a float
    stock: int


# Categories as the shop shows them, ten products each. A few are sold out (stock 0) and a few
# are nearly so (stock <= 5), so the administrator's low-stock view has something to show.
DEMO_CATALOG: dict[str, list[DemoProduct]] = {
    "electronics": [
        DemoProduct(
            "Aurora Wireless Earbuds",
            "True wireless earbuds with active noise cancellation and a pocket-sized charging "
            "case. Up to 28 hours of listening with the case.",
            "79.99",
            42,
        ),
        DemoProduct(
            "Lumen 27-inch 4K Monitor",
            "An IPS panel with 99% sRGB coverage and a USB-C port that charges your laptop. The "
            "stand tilts, swivels and turns to portrait.",
            "349.00",
            8,
        ),
        DemoProduct(
            "Volt 20,000 mAh Power Bank",
            "Charges a phone four times over. Two USB-C ports with 65 W fast charging, so it "
            "tops up a laptop too.",
            "45.50",
            120,
        ),
        DemoProduct(
            "Pebble Bluetooth Speaker",
            "Waterproof, dustproof and small enough for a backpack pocket. Twelve hours of "
            "surprisingly full sound.",
            "39.99",
            3,
        ),
        DemoProduct(
            "Nimbus Mechanical Keyboard",
            "A compact 75% layout with hot-swappable tactile switches and white backlighting. "
            "Connects by cable, Bluetooth or a 2.4 GHz dongle.",
            "119.00",
            25,
        ),
        DemoProduct(
            "Glide Wireless Mouse",
            "An ergonomic mouse with a silent click and a battery that lasts for months. Works "
            "on glass.",
            "29.99",
            0,
        ),
        DemoProduct(
            "Orbit Smart Watch",
            "Tracks heart rate, sleep and workouts, and shows your notifications. Seven days of "
            "battery on one charge.",
            "199.00",
            15,
        ),
        DemoProduct(
            "Clarity HD Webcam",
            "1080p at 60 frames per second with autofocus and a privacy shutter. Two "
            "microphones pick up your voice, not your keyboard.",
            "59.90",
            33,
        ),
        DemoProduct(
            "Spark 65 W USB-C Charger",
            "One gallium-nitride charger for laptop, tablet and phone. Folding pins, smaller "
            "than a deck of cards.",
            "34.99",
            75,
        ),
        DemoProduct(
            "Drift Noise-Cancelling Headphones",
            "Over-ear headphones that hush planes, trains and open offices. Plush memory-foam "
            "cushions for long listening sessions.",
            "249.00",
            14,
        ),
    ],
    "books": [
        DemoProduct(
            "The Quiet Garden",
            "A novel about three generations of one family and the walled garden that outlives "
            "each of them. Tender, funny and unhurried.",
            "16.99",
            60,
        ),
        DemoProduct(
            "Practical Python for Busy People",
            "Short, focused chapters that take you from scripts to small web services. Every "
            "example runs as printed.",
            "39.95",
            18,
        ),
        DemoProduct(
            "A Short History of Bread",
            "From the first flatbreads to the sourdough revival: how bread shaped cities, wars "
            "and kitchens. With twelve recipes to try.",
            "22.00",
            27,
        ),
        DemoProduct(
            "Midnight at the Lighthouse",
            "A storm, a missing keeper and a village full of secrets. A classic locked-room "
            "mystery for long evenings.",
            "12.99",
            2,
        ),
        DemoProduct(
            "The Mountain Cookbook",
            "Hearty one-pot dishes from alpine huts, tested for ordinary home kitchens.",
            "29.50",
            14,
        ),
        DemoProduct(
            "Stars Over the Desert",
            "A young astronomer's memoir of a year at a remote observatory. Includes star charts "
            "for every season.",
            "18.75",
            31,
        ),
        DemoProduct(
            "Learning to Draw in 30 Days",
            "One exercise a day, from confident lines to shading and perspective. No talent "
            "required, just a pencil.",
            "19.99",
            45,
        ),
        DemoProduct(
            "The Little Fox Who Could Not Sleep",
            "A bedtime picture book about a fox cub who counts everything except sheep. For ages "
            "3 to 6.",
            "9.99",
            80,
        ),
        DemoProduct(
            "Money, Plainly",
            "Budgeting, saving and investing explained without jargon. A calm guide for anyone "
            "who has ever put off opening a bank statement.",
            "24.00",
            22,
        ),
        DemoProduct(
            "Atlas of Lost Cities",
            "Illustrated maps and stories of forty cities the world forgot. A gift for the "
            "curious traveller.",
            "34.00",
            9,
        ),
    ],
    "home & kitchen": [
        DemoProduct(
            "Cast Iron Skillet 26 cm",
            "Pre-seasoned and ready to sear, roast and bake. It will outlive your other pans.",
            "42.00",
            30,
        ),
        DemoProduct(
            "Ceramic Pour-Over Coffee Set",
            "A dripper, a carafe and two cups in matte stoneware. Brews a clean, bright cup in "
            "four minutes.",
            "48.00",
            4,
        ),
        DemoProduct(
            "Bamboo Cutting Board Set",
            "Three boards in three sizes, with juice grooves and easy-grip handles. Gentle on "
            "knife edges.",
            "27.99",
            55,
        ),
        DemoProduct(
            "Linen Tea Towels, Set of 4",
            "Stonewashed linen that gets softer and more absorbent with every wash.",
            "19.50",
            70,
        ),
        DemoProduct(
            "Chef's Knife 20 cm",
            "Forged from German stainless steel with a full tang and a comfortable handle. Sharp "
            "out of the box and easy to hone.",
            "64.00",
            12,
        ),
        DemoProduct(
            "Glass Food Storage Containers",
            "Ten oven-safe containers with leak-proof snap lids. They stack neatly in fridge and "
            "cupboard.",
            "36.99",
            0,
        ),
        DemoProduct(
            "Electric Gooseneck Kettle",
            "Temperature control to the degree and a slow, steady pour for tea and coffee.",
            "69.00",
            21,
        ),
        DemoProduct(
            "Merino Throw Blanket",
            "A soft herringbone throw woven from merino wool. Generous enough for two on the sofa.",
            "89.00",
            7,
        ),
        DemoProduct(
            "Stoneware Dinner Plates, Set of 6",
            "Reactive glazes make every plate a little different. Dishwasher and microwave safe.",
            "58.00",
            16,
        ),
        DemoProduct(
            "Aroma Diffuser",
            "An ultrasonic diffuser with a warm light and a whisper-quiet timer. Runs for up to "
            "eight hours.",
            "32.50",
            1,
        ),
    ],
    "toys": [
        DemoProduct(
            "Wooden Rainbow Stacker",
            "Seven arches of sustainably sourced wood in bright, non-toxic colours. Stack, "
            "balance and build.",
            "34.00",
            28,
        ),
        DemoProduct(
            "Galaxy Building Blocks, 500 Pieces",
            "Build a space station, a rover and a starship from one box. Compatible with the "
            "major brick brands.",
            "49.99",
            13,
        ),
        DemoProduct(
            "Plush Sleepy Bear",
            "An extra-soft bear with a weighted tummy, made for bedtime cuddles. Machine washable.",
            "21.00",
            64,
        ),
        DemoProduct(
            "Remote Control Racing Car",
            "Reaches 25 km/h on a rechargeable battery, with all-terrain tyres. For ages 8 and up.",
            "54.95",
            0,
        ),
        DemoProduct(
            "Harbour Traders Board Game",
            "Trade, build and outwit each other in under an hour. For two to five players aged "
            "ten and up.",
            "37.50",
            19,
        ),
        DemoProduct(
            "Magnetic Tiles, 60 Pieces",
            "Translucent tiles that click together into towers, castles and rockets.",
            "59.00",
            3,
        ),
        DemoProduct(
            "Watercolour Paint Kit for Kids",
            "Twenty-four washable colours, three brushes and a pad of thick paper.",
            "14.99",
            48,
        ),
        DemoProduct(
            "Marble Run Adventure",
            "A hundred-piece track with spirals, drops and a bell at the finish. Endless layouts.",
            "44.00",
            11,
        ),
        DemoProduct(
            "Junior Science Lab",
            "Thirty safe experiments with crystals, slime and volcanoes, and an illustrated guide.",
            "39.00",
            24,
        ),
        DemoProduct(
            "Wooden Train Set",
            "Forty pieces of track, a bridge and a train with magnetic couplings.",
            "64.99",
            6,
        ),
    ],
    "sports": [
        DemoProduct(
            "Cork Yoga Mat",
            "Naturally grippy cork on a cushioned rubber base. It gets grippier when you sweat.",
            "68.00",
            23,
        ),
        DemoProduct(
            "Adjustable Dumbbell Pair",
            "Turn the dial to go from 2 to 24 kg. Replaces fifteen pairs of dumbbells.",
            "329.00",
            4,
        ),
        DemoProduct(
            "Trail Running Vest 12 L",
            "A snug vest pack with two soft flasks and room for a jacket. It does not bounce.",
            "89.95",
            17,
        ),
        DemoProduct(
            "Carbon Badminton Racket",
            "Light, stiff and head-heavy for powerful smashes. Strung and ready to play.",
            "45.00",
            36,
        ),
        DemoProduct(
            "Insulated Water Bottle 750 ml",
            "Keeps drinks cold for 24 hours or hot for 12. Leak-proof lid with a carry loop.",
            "24.99",
            150,
        ),
        DemoProduct(
            "Resistance Bands Set",
            "Five bands from light to extra heavy, with handles, ankle straps and a door anchor.",
            "27.50",
            0,
        ),
        DemoProduct(
            "Speed Jump Rope",
            "Ball-bearing handles and an adjustable steel cable for smooth, fast skipping.",
            "14.50",
            88,
        ),
        DemoProduct(
            "Match Football, Size 5",
            "Thermo-bonded panels for a true flight and a soft touch in any weather.",
            "29.00",
            41,
        ),
        DemoProduct(
            "Textured Foam Roller",
            "A firm roller for loosening tight calves, quads and backs after training.",
            "22.00",
            2,
        ),
        DemoProduct(
            "Commuter Cycling Helmet",
            "A light, ventilated helmet with a rear light and a magnetic buckle you can close "
            "with gloves on.",
            "79.00",
            14,
        ),
    ],
    "clothing": [
        DemoProduct(
            "Merino Crew Neck Sweater",
            "A fine-knit sweater in soft merino that stays warm without bulk, and does not itch.",
            "79.00",
            26,
        ),
        DemoProduct(
            "Organic Cotton T-Shirt",
            "A heavyweight everyday tee in organic cotton, cut for a relaxed fit.",
            "19.99",
            140,
        ),
        DemoProduct(
            "Waterproof Rain Jacket",
            "Fully taped seams, a stowable hood and pit zips for breathing on the climb.",
            "129.00",
            8,
        ),
        DemoProduct(
            "Slim Fit Chinos",
            "Stretch cotton chinos with a clean, tapered leg. Smart enough for the office.",
            "54.00",
            37,
        ),
        DemoProduct(
            "Wool Hiking Socks, 3 Pairs",
            "Cushioned where it matters and breathable everywhere else, for blister-free miles.",
            "24.00",
            40,
        ),
        DemoProduct(
            "Classic Denim Jacket",
            "Rigid denim that breaks in beautifully over the years. Two chest pockets.",
            "89.00",
            0,
        ),
        DemoProduct(
            "Quilted Puffer Vest",
            "A lightweight vest filled with recycled insulation that packs into its own pocket.",
            "69.50",
            23,
        ),
        DemoProduct(
            "Linen Button-Down Shirt",
            "Breezy washed linen for hot days, with a relaxed collar and shell buttons.",
            "49.00",
            19,
        ),
        DemoProduct(
            "Leather Everyday Sneakers",
            "Minimal white sneakers in full-grain leather with a cushioned insole.",
            "110.00",
            22,
        ),
        DemoProduct(
            "Ribbed Wool Beanie",
            "A ribbed beanie in a soft wool blend, with a turn-up cuff.",
            "18.00",
            66,
        ),
    ],
}

COMMENTS: dict[int, list[str]] = {
    5: [
        "Exactly what I hoped for. Would buy again.",
        "Excellent quality for the price.",
        "Arrived quickly and works perfectly.",
        "Love it, and I have already recommended it to friends.",
        "",
    ],
    4: [
        "Very good, with one or two small quibbles.",
        "Solid and well made. One star off for the packaging.",
        "Does the job nicely.",
        "",
    ],
    3: ["Fine, but nothing special.", "Decent, though I expected a bit more for the price."],
    2: ["It looked better in the pictures.", "Works, but the quality feels cheap."],
    1: ["Stopped working after a week. Not recommended."],
}
RATING_WEIGHTS = {5: 45, 4: 30, 3: 13, 2: 8, 1: 4}
REVIEWS_PER_PRODUCT = [0, 0, 1, 1, 2, 2, 3, 4]


@dataclass(frozen=True)
class DemoReview:
    product_name: str
    customer_email: str
    rating: int
    comment: str
