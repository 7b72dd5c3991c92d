namespace litewire::locking {}
