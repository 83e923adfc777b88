using Helpdesk.Web;

return await HelpdeskApp.RunAsync(args);

/// <summary>The entry point; public so that tests can start the app with WebApplicationFactory.</summary>
public partial class Program;
