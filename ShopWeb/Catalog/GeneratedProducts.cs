namespace ShopWeb.Catalog;

/// <summary>
/// Believable products for a large demo catalog: a range name, a material and a kind of product that go together,
/// and a size or colour, in the demo categories and with their images. The same size always gives the same catalog.
/// </summary>
internal static class GeneratedProducts
{
    private sealed record Line(string CategorySlug, string ImageSlug, long LowestPrice, long HighestPrice, string Blurb, string[] Materials, string[] Nouns, string[] Variants);

    private static readonly string[] Ranges =
    [
        "Heritage", "Nordic", "Farmhouse", "Artisan", "Studio", "Coastal", "Alpine", "Harvest", "Market", "Cottage",
        "Urban", "Vintage", "Signature", "Hillside", "Meadow", "Orchard", "Riverside", "Highland", "Woodland", "Harbour",
        "Village", "Homestead", "Lakeside", "Summit", "Classic", "Everyday", "Essential", "Traditional", "Modern", "Seasonal",
        "Countryside", "Moorland", "Valley", "Estuary", "Heathland", "Northern", "Wayfarer", "Fjord", "Prairie", "Canyon",
    ];

    private static readonly string[] Colours = [" in Natural", " in Sage", " in Charcoal", " in Rust", " in Navy", " in Oatmeal"];

    private static readonly Line[] Lines =
    [
        new("kitchen", "enamel-saucepan-18cm", 2490, 8990, "Heats evenly on gas, electric and induction hobs and goes in the oven too.",
            ["Cast Iron", "Enamelled Steel", "Copper", "Stainless Steel", "Carbon Steel"], ["Skillet", "Saucepan", "Casserole Dish", "Frying Pan"],
            [", 20 cm", ", 22 cm", ", 24 cm", ", 26 cm", ", 28 cm", ", 30 cm"]),
        new("kitchen", "olive-wood-cutting-board", 1290, 5490, "Gentle on knife edges, and handsome enough to serve from.",
            ["Olive Wood", "Oak", "Walnut", "Beech", "Cherry Wood"], ["Cutting Board", "Serving Board", "Cooking Spoon", "Salad Servers"],
            [", Small", ", Medium", ", Large", ", Extra Large", ", Oiled Finish", ", Gift Boxed"]),
        new("kitchen", "ceramic-mixing-bowl-set", 990, 3990, "Glazed inside, safe in the dishwasher and the microwave.",
            ["Stoneware", "Porcelain", "Earthenware", "Speckled Ceramic", "Glazed Ceramic"], ["Mixing Bowl", "Serving Bowl", "Pasta Plate", "Butter Dish"],
            [" in White", " in Sage", " in Slate", " in Oatmeal", " in Ocean Blue", " in Terracotta"]),
        new("kitchen", "linen-tea-towel-set", 890, 3490, "Stonewashed, lint-free and softer with every wash.",
            ["Linen", "Cotton", "Organic Cotton", "Waffle Cotton", "Hemp"], ["Tea Towel", "Apron", "Oven Glove", "Table Runner"],
            [" in Natural", " in Indigo", " in Rust", " in Olive", " in Charcoal", " in Stripe"]),
        new("home-living", "chunky-knit-throw", 1990, 8990, "Soft, warm and made to be used every day.",
            ["Linen", "Merino Wool", "Cotton", "Alpaca Blend", "Recycled Wool"], ["Cushion Cover", "Throw", "Blanket", "Bath Towel"],
            [" in Cream", " in Mustard", " in Dusty Pink", " in Forest Green", " in Grey", " in Navy"]),
        new("home-living", "ceramic-bud-vase", 790, 3490, "Made in small batches, so each one is a little different.",
            ["Ceramic", "Stoneware", "Glass", "Terracotta", "Concrete"], ["Bud Vase", "Tealight Holder", "Trinket Dish", "Planter"], Colours),
        new("home-living", "oak-picture-frame-a4", 1490, 6990, "Solid wood with a hand-rubbed finish.",
            ["Oak", "Walnut", "Ash", "Bamboo", "Pine"], ["Picture Frame", "Wall Clock", "Wall Shelf", "Bedside Tray"],
            [", Small", ", Medium", ", Large", ", Natural Finish", ", Dark Stain", ", White Wash"]),
        new("home-living", "brass-table-lamp", 3990, 14990, "Takes an E27 bulb and comes with a braided fabric cable.",
            ["Brass", "Rattan", "Linen Shade", "Ceramic", "Copper"], ["Table Lamp", "Floor Lamp", "Pendant Light", "Reading Lamp"],
            [" in Matt Black", " in Natural", " in White", " in Antique Brass", " in Sage", " in Smoke"]),
        new("garden", "terracotta-plant-pot-trio", 590, 3990, "Drains freely and stands up to frost.",
            ["Terracotta", "Galvanised Steel", "Recycled Plastic", "Glazed Stoneware", "Zinc"], ["Plant Pot", "Window Box", "Hanging Planter", "Seed Tray"],
            [", 12 cm", ", 16 cm", ", 20 cm", ", 25 cm", ", 30 cm", ", Set of 3"]),
        new("garden", "ash-handle-hand-trowel", 990, 3490, "Forged to last, with a handle that fits the hand.",
            ["Ash Handle", "Oak Handle", "Stainless Steel", "Carbon Steel", "Copper"], ["Hand Trowel", "Hand Fork", "Transplanting Trowel", "Dibber"],
            [", Short Handle", ", Long Handle", " with Leather Strap", " with Depth Marks", ", Left-Handed", ", Gift Boxed"]),
        new("garden", "heirloom-tomato-seed-collection", 290, 1490, "Open-pollinated seed with sowing notes on every packet.",
            ["Heirloom", "Organic", "Dwarf", "Climbing", "Cottage Garden"], ["Tomato Seeds", "Wildflower Seeds", "Herb Seeds", "Sunflower Seeds"],
            [", 25 Seeds", ", 50 Seeds", ", 100 Seeds", ", Starter Pack", ", Gift Tin", ", Bulk Pack"]),
        new("garden", "leather-gardening-gloves", 1290, 4490, "Tough where it matters and comfortable all afternoon.",
            ["Leather", "Waxed Canvas", "Goatskin", "Recycled Rubber", "Cotton Drill"], ["Gardening Gloves", "Garden Kneeler", "Tool Roll", "Garden Apron"],
            [" in Tan", " in Olive", " in Navy", " in Brown", " in Black", " in Sand"]),
        new("stationery", "dot-grid-notebook-a5", 890, 3490, "Thick, fountain-pen-friendly paper that lies flat when open.",
            ["Linen Bound", "Recycled Kraft", "Leather Bound", "Cloth Bound", "Cork Cover"], ["Notebook", "Journal", "Sketchbook", "Planner"],
            [", A6 Dot Grid", ", A5 Dot Grid", ", A5 Lined", ", A5 Plain", ", A4 Squared", ", B5 Lined"]),
        new("stationery", "brass-fountain-pen", 1290, 7990, "Balanced in the hand and refillable for years.",
            ["Brass", "Aluminium", "Walnut", "Resin", "Stainless Steel"], ["Fountain Pen", "Ballpoint Pen", "Rollerball Pen", "Mechanical Pencil"],
            [" in Black", " in Navy", " in Burgundy", " in Forest Green", ", Fine", ", Medium"]),
        new("stationery", "recycled-kraft-envelopes", 390, 1990, "Printed and packed by hand on heavy paper.",
            ["Recycled Kraft", "Cotton Rag", "Letterpress", "Handmade Paper", "Seed Paper"], ["Envelopes", "Greeting Cards", "Writing Paper", "Gift Tags"],
            [", Pack of 10", ", Pack of 20", ", Pack of 50", ", Set of 6", ", Set of 12", ", Assorted"]),
        new("stationery", "cork-desk-organiser", 990, 4990, "Keeps the desk tidy without taking it over.",
            ["Cork", "Oak", "Walnut", "Concrete", "Powder-Coated Steel"], ["Desk Organiser", "Pen Pot", "Letter Tray", "Bookends"],
            [", Small", ", Medium", ", Large", " in Natural", " in Black", " in White"]),
        new("tea-coffee", "earl-grey-loose-leaf-tea", 490, 2490, "Whole leaf, blended and packed in small lots for freshness.",
            ["Darjeeling", "Assam", "Yunnan", "Ceylon", "Nilgiri"], ["Loose Leaf Tea", "Tea Blend", "Breakfast Tea", "Tea Bags"],
            [", 50 g", ", 100 g", ", 250 g", ", 500 g", ", Caddy", ", Refill Pouch"]),
        new("tea-coffee", "ethiopia-coffee-beans-250g", 790, 3490, "Roasted to order in small batches and sent within the week.",
            ["Ethiopia", "Colombia", "Guatemala", "Kenya", "Brazil"], ["Coffee Beans", "Ground Coffee", "Espresso Roast", "Filter Roast"],
            [", 250 g", ", 500 g", ", 1 kg", ", Light Roast 250 g", ", Dark Roast 250 g", ", Decaf 250 g"]),
        new("tea-coffee", "cast-iron-teapot", 990, 5990, "Pours cleanly and keeps the brew hot.",
            ["Cast Iron", "Ceramic", "Borosilicate Glass", "Stainless Steel", "Stoneware"], ["Teapot", "Pour-Over Dripper", "Tea Infuser", "Milk Jug"],
            [", 300 ml", ", 500 ml", ", 800 ml", ", 1 L", " in Black", " in White"]),
        new("tea-coffee", "speckled-coffee-mug", 690, 2490, "Comfortable to hold and sized for a proper cup.",
            ["Speckled Stoneware", "Porcelain", "Double Wall Glass", "Enamel", "Bamboo Fibre"], ["Coffee Mug", "Tea Cup", "Espresso Cup", "Travel Cup"], Colours),
        new("outdoor", "enamel-camping-mug", 990, 3990, "Light to carry and tough enough for the campfire.",
            ["Enamel", "Insulated Steel", "Titanium", "Aluminium", "Stainless Steel"], ["Camping Mug", "Water Bottle", "Flask", "Camp Bowl"],
            [", 350 ml", ", 500 ml", ", 750 ml", ", 1 L", " in Forest Green", " in Orange"]),
        new("outdoor", "waxed-canvas-daypack", 2490, 12990, "Weather-resistant, with a padded back and a pocket for everything.",
            ["Waxed Canvas", "Recycled Nylon", "Ripstop", "Cotton Canvas", "Cordura"], ["Daypack", "Rucksack", "Tote Bag", "Dry Bag"],
            [", 10 L", ", 15 L", ", 20 L", ", 25 L", ", 30 L", ", 40 L"]),
        new("outdoor", "folding-camp-stool", 2990, 11990, "Folds flat in seconds and carries on a shoulder strap.",
            ["Aluminium", "Ash Wood", "Bamboo", "Cotton Rope", "Steel Frame"], ["Camp Stool", "Camp Chair", "Picnic Table", "Hammock"],
            [" in Olive", " in Sand", " in Navy", " in Charcoal", " in Red", " in Stripe"]),
        new("outdoor", "wool-picnic-blanket", 2490, 8990, "Warm on cold ground, and easy to shake clean.",
            ["Wool", "Recycled Fleece", "Waterproof-Backed Wool", "Cotton", "Down"], ["Picnic Blanket", "Camping Blanket", "Sit Mat", "Poncho"], Colours),
    ];

    /// <summary>
    /// The option every third product of a line is sold in, as the demo's own products are: a second dimension beside
    /// what the name already says (gloves "in Tan" come in sizes, coffee "250 g" in grinds), keyed by the line's image.
    /// </summary>
    private static readonly Dictionary<string, DemoCatalogVariants.DemoOption> OptionOfLine = new()
    {
        ["leather-gardening-gloves"] = new("Size", "S", "M", "L", "XL"),
        ["chunky-knit-throw"] = new("Size", "Small", "Medium", "Large"),
        ["linen-tea-towel-set"] = new("Size", "Standard", "Large"),
        ["ceramic-mixing-bowl-set"] = new("Size", "Small", "Medium", "Large"),
        ["ceramic-bud-vase"] = new("Size", "Small", "Large"),
        ["wool-picnic-blanket"] = new("Size", "Standard", "Large"),
        ["ethiopia-coffee-beans-250g"] = new("Grind", "Whole Bean", "Filter", "Espresso"),
    };

    /// <param name="Options">Null for a product sold in one form (one variant), else its option and values.</param>
    public sealed record GeneratedProduct(string Name, string Slug, string CategorySlug, string Description, long PriceMinor, int Stock, string ImagePath, int DaysOld,
        DemoCatalogVariants.DemoOptions? Options = null);

    /// <summary>How many different products there are to generate: more than the largest demo catalog needs.</summary>
    public static int Capacity => Lines.Length * Lines.Min(l => Ranges.Length * l.Materials.Length * l.Nouns.Length * l.Variants.Length);

    /// <param name="count">How many: at most <see cref="Capacity"/>.</param>
    /// <param name="takenSlugs">Slugs already in the catalog, which no generated product may have.</param>
    public static IEnumerable<GeneratedProduct> Generate(int count, IEnumerable<string> takenSlugs)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Capacity);
        var used = new HashSet<string>(takenSlugs);
        for (var i = 0; i < count; i++)
        {
            // Product i comes from line i mod 24, so every category grows alike; within a line, the noun changes
            // fastest, then the material, the range and the variant, so even a small catalog is varied.
            var line = Lines[i % Lines.Length];
            var k = i / Lines.Length;
            var noun = line.Nouns[k % line.Nouns.Length];
            k /= line.Nouns.Length;
            var material = line.Materials[k % line.Materials.Length];
            k /= line.Materials.Length;
            var range = Ranges[k % Ranges.Length];
            var variant = line.Variants[k / Ranges.Length];

            var name = $"{range} {material} {noun}{variant}";
            var slug = Slugs.From(name);
            if (!used.Add(slug))
            {
                slug += "-" + (i + 1);
                used.Add(slug);
            }

            var mix = Mix(i);
            var priceSteps = (int)((line.HighestPrice - line.LowestPrice) / 100) + 1;
            var stock = ((mix >> 8) % 10) switch
            {
                0 => 0,
                1 => (int)((mix >> 12) % 4) + 1,
                _ => (int)((mix >> 12) % 76) + 5,
            };
            yield return new GeneratedProduct(
                name,
                slug,
                line.CategorySlug,
                $"{line.Blurb} From the {range} range, in {material.ToLowerInvariant()}.",
                line.LowestPrice + 100 * (mix % (uint)priceSteps),
                stock,
                $"/images/products/{line.ImageSlug}.svg",
                (int)((mix >> 20) % 730),
                OptionOfLine.TryGetValue(line.ImageSlug, out var option) && (i / Lines.Length) % 3 == 0 ? new([option]) : null);
        }
    }

    // A cheap integer hash, so prices, stock and ages vary without a random generator.
    private static uint Mix(int i)
    {
        var x = (uint)i * 2654435761u;
        x ^= x >> 15;
        x *= 2246822519u;
        x ^= x >> 13;
        return x;
    }
}
