using System.Text;
using ShopWeb.Admin;

namespace ShopWeb.Tests.Admin;

/// <summary>An uploaded SVG is kept only when nothing in it runs, links out or fetches.</summary>
public sealed class ProductImagesTests
{
    private const string Open = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">";

    [Theory]
    [InlineData(Open + "<script>alert(1)</script></svg>")]
    [InlineData(Open + "<rect onclick=\"alert(1)\"/></svg>")]
    [InlineData(Open + "<a href=\"#x\"><set attributeName=\"href\" to=\"javascript:alert(1)\"/><text>click</text></a></svg>")]
    [InlineData(Open + "<a xlink:href=\"#x\"><animate attributeName=\"xlink:href\" values=\"javascript:alert(1)\"/></a></svg>")]
    [InlineData(Open + "<style>@import url(http://attacker.example/x.css);</style></svg>")]
    [InlineData(Open + "<rect style=\"fill:url(http://attacker.example/x.svg#p)\"/></svg>")]
    [InlineData("<?xml version=\"1.0\"?><?xml-stylesheet type=\"text/xsl\" href=\"http://attacker.example/x.xsl\"?>" + Open + "</svg>")]
    [InlineData(Open + "<image href=\"http://attacker.example/pixel.png\"/></svg>")]
    public void An_svg_that_runs_links_out_or_fetches_is_refused(string svg) =>
        Assert.False(ProductImages.IsInertSvg(Encoding.UTF8.GetBytes(svg)));

    [Theory]
    [InlineData("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + Open + "<rect width=\"10\" height=\"10\" fill=\"#c33\"/></svg>")]
    [InlineData(Open + "<defs><linearGradient id=\"g\"><stop offset=\"0\"/></linearGradient></defs><rect fill=\"url(#g)\" style=\"fill: url( '#g' )\"/><use href=\"#g\"/></svg>")]
    [InlineData(Open + "<circle r=\"4\"><animate attributeName=\"r\" values=\"4;6;4\" dur=\"2s\"/></circle></svg>")]
    public void A_plain_drawing_is_kept(string svg) =>
        Assert.True(ProductImages.IsInertSvg(Encoding.UTF8.GetBytes(svg)));
}
