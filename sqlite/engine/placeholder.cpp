namespace litewire::sqlite {}
