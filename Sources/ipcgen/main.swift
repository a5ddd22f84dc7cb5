print("ipcgen")
