using Helpdesk.Bench;

return await Generator.RunAsync(args);
