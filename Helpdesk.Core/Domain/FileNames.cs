using System.Globalization;
using System.Text;

namespace Helpdesk.Core.Domain;

/// <summary>File names as people will read them.</summary>
public static class FileNames
{
    /// <summary>
    /// The name without control and format characters: no bidirectional overrides or isolates (<c>report‮fdp.exe</c>
    /// would show as <c>reportexe.pdf</c>), no zero-width characters, no line breaks. Empty when nothing is left.
    /// </summary>
    public static string Visible(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var rune in name.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator))
            {
                sb.Append(rune.ToString());
            }
        }

        return sb.ToString();
    }
}
