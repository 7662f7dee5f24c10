namespace ShopWeb.Data;

public sealed class Category
{
    public int Id { get; init; }

    public required string Name { get; set; }

    /// <summary>The category's part of the catalog URL: /products?category=slug.</summary>
    public required string Slug { get; set; }

    public string Description { get; set; } = "";

    public int SortOrder { get; set; }
}
