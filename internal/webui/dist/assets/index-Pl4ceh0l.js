// Placeholder for the web app's build output (internal/webui/dist is written by Vite from web/).
document.title = "Workflow Builder (placeholder)";
