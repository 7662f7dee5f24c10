using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ShopWeb.Api.V1.Contracts;

namespace ShopWeb.Api.OpenApi;

/// <summary>
/// What a shape's fields mean and an example of it, where the names alone leave an app guessing: how variants are
/// named (SKU, option values in order, "M / Blue"), how a cart line names one, and how far a search counts.
/// </summary>
internal sealed class SchemaExamples : IOpenApiSchemaTransformer
{
    private sealed record Note(string Description, Dictionary<string, string> Properties, string Example);

    private static readonly Dictionary<Type, Note> Notes = new()
    {
        [typeof(ProductOptionResponse)] = new(
            "One of a product's options (at most 3), with its values in the order shoppers see them.",
            [],
            """{"name": "Size", "values": ["S", "M", "L"]}"""),
        [typeof(ProductVariantResponse)] = new(
            "One combination of the product's option values, sold with its own SKU, price, stock and image. A product without options has exactly one, with no option values.",
            new()
            {
                ["sku"] = "The variant's code, unique in the shop: cart lines are named by it.",
                ["options"] = "Its value of each of the product's options, in the options' order.",
                ["optionText"] = "Those values joined by \" / \", as the shop names the variant; empty for a product without options.",
                ["imageUrl"] = "The variant's own image, or the product's; relative to the shop's address.",
                ["onSale"] = "Off: never sold, whatever its stock (its availability says out of stock).",
            },
            """{"sku": "TEE-M-BLUE", "options": ["M", "Blue"], "optionText": "M / Blue", "price": {"amount": "19.90", "currency": "EUR"}, "availability": {"level": "lowStock", "label": "Only 2 left"}, "imageUrl": "/images/products/tee-blue.svg", "onSale": true}"""),
        [typeof(AddCartLineRequest)] = new(
            "A variant to add, by its SKU; or a product sold one way only (one variant), by its slug. Send one of the two.",
            new()
            {
                ["sku"] = "The variant's SKU, as the product's variants list it.",
                ["productSlug"] = "A product's slug, for a product with one variant only: a product with several is a 422 (variant-required).",
            },
            """{"sku": "TEE-M-BLUE", "quantity": 1}"""),
        [typeof(CheckoutRequest)] = new(
            "A checkout: who orders, where it ships and how it is paid. The goods and their prices come from the cart.",
            new()
            {
                ["cartId"] = "The guest cart to order, its secret in the Cart-Secret header. Signed in (a bearer token), leave it out: the shopper's own cart is ordered.",
                ["saveContactDetails"] = "Signed in only: \"Save my contact details\" (off erases them). Left out, the choice stays as it is.",
                ["saveShippingAddresses"] = "Signed in only: \"Save my shipping addresses\" (on adds this address to the book, off erases the book). Left out, the choice stays as it is.",
            },
            """{"cartId": "c_3k9…", "email": "ada@example.com", "fullName": "Ada Lovelace", "phone": "+44 20 7946 0000", "address": {"name": "Ada Lovelace", "line1": "1 Analytical Row", "city": "London", "postalCode": "N1 9GU", "country": "GB"}, "shipping": "standard", "payment": "card"}"""),
        [typeof(CartLineResponse)] = new(
            "A line of the cart: one variant, at its price now.",
            new()
            {
                ["sku"] = "The variant's SKU: the line's name in PUT and DELETE …/lines/{sku}.",
                ["optionText"] = "The variant's option values (\"M / Blue\"); empty for a product without options.",
            },
            """{"sku": "TEE-M-BLUE", "productSlug": "tee", "name": "T-shirt", "optionText": "M / Blue", "unitPrice": {"amount": "19.90", "currency": "EUR"}, "quantity": 2, "lineTotal": {"amount": "39.80", "currency": "EUR"}, "onSale": true, "available": true, "imageUrl": "/images/products/tee-blue.svg"}"""),
        [typeof(ProductPage)] = new(
            "A page of the products on sale that match the query, in the order asked for.",
            new()
            {
                ["page"] = "The page asked for: past the last page its list is empty.",
                ["totalCount"] = "The products that match. A search counts at most 1,000: past that it is 1000 and totalCountCapped is true.",
                ["totalPages"] = "The pages of totalCount products: for a capped search, the pages of its first 1,000.",
                ["searchWords"] = "The words of q looked for: at most 8, each of at least 2 characters.",
                ["searchTrimmed"] = "Some words of q were left out: too short, or past the first eight.",
                ["totalCountCapped"] = "The search matched more than 1,000 products and stopped counting there (the shop's page says \"1,000+\"): only the first 1,000 can be paged to. Add words to q, or a category, to narrow it.",
            },
            """{"items": [], "page": 90, "pageSize": 12, "totalCount": 1000, "totalPages": 84, "searchWords": ["tea"], "searchTrimmed": false, "totalCountCapped": true}"""),
        [typeof(OrderLineResponse)] = new(
            "A line of an order, with its own copy of what was ordered: deleting or changing the variant later changes no order.",
            new()
            {
                ["sku"] = "The variant's SKU when ordered.",
                ["optionText"] = "The variant's option values when ordered (\"M / Blue\"); empty for a product without options.",
            },
            """{"sku": "TEE-M-BLUE", "productSlug": "tee", "productName": "T-shirt", "optionText": "M / Blue", "unitPrice": {"amount": "19.90", "currency": "EUR"}, "quantity": 2, "lineTotal": {"amount": "39.80", "currency": "EUR"}}"""),
    };

    /// <summary>A cart line's quantity, as the cart takes it (more is a 400).</summary>
    private static readonly HashSet<Type> Quantities = [typeof(AddCartLineRequest), typeof(SetCartLineRequest)];

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is null && Notes.TryGetValue(context.JsonTypeInfo.Type, out var note))
        {
            schema.Description = note.Description;
            schema.Examples = [JsonNode.Parse(note.Example)!];
            foreach (var (name, description) in note.Properties)
            {
                if (schema.Properties is { } properties && properties.TryGetValue(name, out var found) && found is OpenApiSchema property)
                {
                    property.Description = description;
                }
            }
        }

        if (context.JsonPropertyInfo is null && Quantities.Contains(context.JsonTypeInfo.Type)
            && schema.Properties?.TryGetValue("quantity", out var quantity) == true && quantity is OpenApiSchema range)
        {
            range.Minimum = "1";
            range.Maximum = Ordering.ShoppingCart.MaxQuantity.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Task.CompletedTask;
    }
}
