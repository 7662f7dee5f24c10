namespace ShopWeb.Tests.Catalog;

/// <summary>The address a product or category gets from its name when the admin leaves it blank.</summary>
public sealed class SlugsTests
{
    [Theory]
    [InlineData("Bath Sheet, 250 g", "bath-sheet-250-g")]
    [InlineData("Crème Brûlée Set", "creme-brulee-set")]
    [InlineData("Review Widget ünï", "review-widget-uni")]
    [InlineData("Café – Noir", "cafe-noir")]
    public void A_name_becomes_lower_case_words_with_their_accents_taken_off(string name, string slug) =>
        Assert.Equal(slug, ShopWeb.Catalog.Slugs.From(name));
}
