namespace Skytools;
