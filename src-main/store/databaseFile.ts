/** The database's name in the data dir, apart so `firebreak serve`'s start-up bundle can find it without the store. */
export const databaseFileName = 'firebreak.sqlite';
