using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;

namespace Helpdesk.Infrastructure.Data;

/// <summary>
/// The data-protection key ring in the app's database, so that a link signed or a cookie issued by one node opens on
/// every other. Keys an earlier version kept as files under <c>{DataPath}/keys</c> are still read (never written), so
/// that survey and opt-out links already emailed keep working after the upgrade until their keys expire.
/// </summary>
public sealed class DatabaseKeyRing(IServiceProvider services, string legacyFolder, ILoggerFactory logs) : IXmlRepository
{
    private readonly EntityFrameworkCoreXmlRepository<HelpdeskDbContext> _database = new(services, logs);

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var all = _database.GetAllElements().ToList();
        if (Directory.Exists(legacyFolder))
        {
            all.AddRange(new FileSystemXmlRepository(new DirectoryInfo(legacyFolder), logs).GetAllElements());
        }

        return all;
    }

    public void StoreElement(XElement element, string friendlyName) => _database.StoreElement(element, friendlyName);
}
