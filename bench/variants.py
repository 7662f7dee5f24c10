"""Adds a product with 2,048 variants (16 sizes x 16 colours x 8 materials, Shopify's limit and the shop's) to a
seeded SQLite store, as an import would leave it, and prints its id. Usage: variants.py STORE SLUG"""
import itertools
import json
import sqlite3
import sys

store, slug = sys.argv[1], sys.argv[2]
options = [
    ("Size", [f"{w} cm" for w in range(30, 62, 2)]),
    ("Colour", ["Black", "White", "Navy", "Sky", "Red", "Rust", "Olive", "Sage", "Sand", "Oat", "Grey", "Charcoal",
                "Plum", "Rose", "Mustard", "Teal"]),
    ("Material", ["Cotton", "Linen", "Wool", "Hemp", "Silk", "Bamboo", "Jute", "Recycled Polyester"]),
]
db = sqlite3.connect(store, timeout=30)
with db:
    like = db.execute('SELECT "CategoryId", "CreatedAt" FROM "Products" WHERE "Slug" = ?', ("linen-cushion-cover",)).fetchone()
    name, description = "Bench Tote in 2,048 Versions", "A tote bag in every size, colour and material: the benchmark's product with the most variants."
    product = db.execute(
        'INSERT INTO "Products" ("Name", "Slug", "Description", "PriceMinor", "ImagePath", "CategoryId", "IsPublished", '
        '"CreatedAt", "Version", "SearchText") VALUES (?, ?, ?, 2490, ?, ?, 1, ?, 0, ?)',
        (name, slug, description, "/images/products/linen-cushion-cover.svg", like[0], like[1], f"{name}\n{description}".lower())).lastrowid
    for position, (option, values) in enumerate(options):
        db.execute('INSERT INTO "ProductOptions" ("ProductId", "Position", "Name", "Values") VALUES (?, ?, ?, ?)',
                   (product, position, option, json.dumps(values)))
    for position, values in enumerate(itertools.product(*(v for _, v in options))):
        sku = "BENCH-TOTE-" + "-".join(v.upper().replace(" ", "") for v in values)
        price = 2490 + 100 * (position % 8) if position % 8 else None   # some at the product's price, others their own
        db.execute('INSERT INTO "ProductVariants" ("ProductId", "Sku", "Option1", "Option2", "Option3", "PriceMinor", "Stock", '
                   '"ImagePath", "IsOnSale", "Position") VALUES (?, ?, ?, ?, ?, ?, ?, NULL, 1, ?)',
                   (product, sku, *values, price, (position * 7) % 23, position))
print(product)
